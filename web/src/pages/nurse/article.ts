import type { ArticleDetail } from '../../../../server/contracts/nurse';
import { api, ApiError } from '../../console/api';
import { fill, h } from '../../console/dom';
import { renderMarkdown } from '../../console/markdown';
import { href } from '../../console/router';

/** The reading view of one article (GET /api/knowledge/articles/:id): summary, body, sources and review date. */
export function createArticleView(deps: { ask(prefill: string): void }) {
  return {
    async render(section: HTMLElement, id: string | undefined) {
      const back = h('p', null, h('a', { href: href('guidelines') }, '← Back to the search'));
      if (!id) return fill(section, back, h('p', { class: 'error', role: 'alert' }, 'No article named.'));
      fill(section, back, h('p', { role: 'status' }, 'Loading the article…'));
      let a: ArticleDetail;
      try {
        a = await api<ArticleDetail>(`/api/knowledge/articles/${encodeURIComponent(id)}`);
      } catch (err) {
        fill(section, back, h('h2', { tabindex: -1 }, 'Article'), h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? err.message : 'Could not load the article.'));
        return;
      }
      fill(
        section,
        back,
        h(
          'article',
          { class: 'card reading', 'data-testid': 'article', 'aria-labelledby': 'article-title' },
          h('h2', { id: 'article-title', tabindex: -1, 'data-testid': 'article-title' }, a.title),
          h(
            'p',
            { class: 'meta' },
            h('span', { class: `badge audience-${a.audience}` }, a.audience === 'nurse' ? 'Nurse guideline' : 'Patient library'),
            ' ',
            h('span', { 'data-testid': 'article-reviewed' }, `Last reviewed ${a.lastReviewed}`),
            a.origin === 'local' ? h('span', { class: 'badge' }, 'Clinic document') : null,
          ),
          h('p', { class: 'lead' }, a.summary),
          renderMarkdown(a.body, { headingLevel: 3 }),
          h('h3', null, 'Sources'),
          h(
            'ul',
            { 'data-testid': 'article-sources' },
            a.sources.map((s) =>
              h('li', { 'data-testid': 'article-source' }, s.url && /^https?:\/\//i.test(s.url) ? h('a', { href: s.url, rel: 'noopener noreferrer', target: '_blank' }, s.name) : s.name),
            ),
          ),
          h(
            'p',
            { class: 'row' },
            h('button', { type: 'button', 'data-testid': 'article-ask', onclick: () => deps.ask(`${a.title}: `) }, 'Ask about this'),
            h('a', { class: 'button secondary', href: `/articles/${encodeURIComponent(a.id)}`, target: '_blank', rel: 'noopener' }, 'Printable page'),
          ),
        ),
      );
    },
  };
}
