import type { LibraryArticle, SearchResponse, SearchResult } from '../../../../server/contracts/nurse';
import { api, ApiError } from '../../console/api';
import { fill, h, liveRegion } from '../../console/dom';
import { href } from '../../console/router';
import type { Library } from './library';

const SEARCH_LIMIT = 50;
const BROWSE_LIMIT = 40;
const audienceLabel = (a: string) => (a === 'nurse' ? 'Nurse guideline' : 'Patient library');

type Hit = { article: LibraryArticle | undefined; id: string; title: string; best: SearchResult; sections: string[] };

/** Search results are chunks: one row per article, its best chunk first and the other sections that matched. */
function byArticle(results: SearchResult[], library: Library): Hit[] {
  const hits = new Map<string, Hit>();
  for (const r of results) {
    const hit = hits.get(r.articleId);
    if (hit) {
      if (!hit.sections.includes(r.section)) hit.sections.push(r.section);
    } else hits.set(r.articleId, { id: r.articleId, title: r.title, best: r, sections: [r.section], article: library.article(r.articleId) });
  }
  return [...hits.values()];
}

/**
 * Guideline search as you type (GET /api/knowledge/search with the nurse audience: both libraries), with filters by
 * audience and topic (the catalogue's, GET /api/nurse/library). With no query it browses the catalogue.
 */
export function createGuidelinesView(deps: { library: Library }) {
  const { library } = deps;
  const input = h('input', { id: 'guideline-q', type: 'search', autocomplete: 'off', placeholder: 'e.g. sepsis, NEWS2, croup', 'data-testid': 'search-input' });
  const audience = h(
    'select',
    { id: 'guideline-audience', 'data-testid': 'filter-audience' },
    h('option', { value: 'all' }, 'Both libraries'),
    h('option', { value: 'nurse' }, 'Nurse guidelines'),
    h('option', { value: 'patient' }, 'Patient library'),
  );
  const topic = h('select', { id: 'guideline-topic', 'data-testid': 'filter-topic' }, h('option', { value: '' }, 'All topics'));
  const results = h('ul', { class: 'results', 'data-testid': 'search-results', 'aria-labelledby': 'results-heading' });
  const status = liveRegion('search-status');
  const error = h('p', { class: 'error', role: 'alert' });
  const root = h(
    'div',
    null,
    h('h2', { tabindex: -1 }, 'Guidelines'),
    h(
      'form',
      { role: 'search', class: 'card search', onsubmit: (e: Event) => e.preventDefault() },
      h('div', { class: 'field grow' }, h('label', { for: 'guideline-q' }, 'Search the nurse guidelines and the patient library'), input),
      h('div', { class: 'row' }, h('div', { class: 'field' }, h('label', { for: 'guideline-audience' }, 'Library'), audience), h('div', { class: 'field' }, h('label', { for: 'guideline-topic' }, 'Topic'), topic)),
    ),
    error,
    h('h3', { id: 'results-heading', class: 'visually-hidden' }, 'Results'),
    status,
    results,
  );

  let timer: number | undefined;
  let inflight: AbortController | null = null;
  let topicsShown = false;

  const keep = (a: LibraryArticle | undefined) =>
    (audience.value === 'all' || a?.audience === audience.value) && (!topic.value || Boolean(a?.topics.includes(topic.value)));

  function item(id: string, title: string, a: LibraryArticle | undefined, detail: (string | HTMLElement)[]) {
    return h(
      'li',
      { class: 'result', 'data-testid': 'search-result', 'data-article': id },
      h('a', { href: href('article', id), class: 'title', 'data-testid': 'search-result-link' }, title),
      ' ',
      a ? h('span', { class: `badge audience-${a.audience}` }, audienceLabel(a.audience)) : null,
      h('p', { class: 'snippet' }, ...detail),
      a ? h('p', { class: 'muted' }, `Reviewed ${a.lastReviewed}`) : null,
    );
  }

  async function browse() {
    const lib = await library.load();
    const shown = lib.articles.filter(keep);
    fill(results, shown.slice(0, BROWSE_LIMIT).map((a) => item(a.id, a.title, a, [a.summary])));
    fill(status, shown.length > BROWSE_LIMIT ? `${shown.length} articles; showing the first ${BROWSE_LIMIT}. Type to search.` : `${shown.length} article(s).`);
  }

  async function search(q: string) {
    inflight?.abort();
    const ctrl = (inflight = new AbortController());
    fill(error);
    try {
      await library.load();
      const params = new URLSearchParams({ q, audience: 'nurse', limit: String(SEARCH_LIMIT) });
      const body = await api<SearchResponse>(`/api/knowledge/search?${params}`, { signal: ctrl.signal });
      if (ctrl !== inflight) return;
      const hits = byArticle(body.results, library).filter((x) => keep(x.article));
      fill(
        results,
        hits.map((x) => item(x.id, x.title, x.article, [h('span', { class: 'section' }, x.best.section), ' · ', x.best.snippet, x.sections.length > 1 ? h('span', { class: 'muted' }, ` (also: ${x.sections.slice(1).join(', ')})`) : ''])),
      );
      fill(status, hits.length ? `${hits.length} article(s) for "${q}".` : `Nothing found for "${q}" with these filters.`);
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      fill(error, err instanceof ApiError ? err.message : 'The search failed.');
    }
  }

  function update() {
    window.clearTimeout(timer);
    const q = input.value.trim();
    timer = window.setTimeout(() => void (q ? search(q) : browse().catch((err) => fill(error, err instanceof ApiError ? err.message : 'Could not load the library.'))), q ? 200 : 0);
  }
  input.addEventListener('input', update);
  audience.addEventListener('change', update);
  topic.addEventListener('change', update);

  return {
    async render(section: HTMLElement) {
      if (!section.contains(root)) fill(section, root);
      if (!topicsShown) {
        try {
          const lib = await library.load();
          topic.append(...lib.topics.map((t) => h('option', { value: t.id }, `${t.label} (${t.count})`)));
          topicsShown = true;
        } catch (err) {
          fill(error, err instanceof ApiError ? err.message : 'Could not load the library.');
          return;
        }
        update();
      }
    },
    reset() {
      input.value = '';
      topicsShown = false;
      topic.replaceChildren(h('option', { value: '' }, 'All topics'));
      fill(results);
    },
  };
}
