import type { Assessment, CauseSummary, HandledResponse, PersonRequestDetail, PersonRequestList, PersonRequestSummary, TranscriptMessage } from '../../../../server/contracts/nurse';
import { api, ApiError } from '../../console/api';
import { duration, fill, h, liveRegion, when } from '../../console/dom';
import { levelBadge } from '../../console/levels';
import { renderMarkdown } from '../../console/markdown';
import { href } from '../../console/router';

const who = (actor: string | null) => (actor ?? '').replace(/^user:/, '');
const causesText = (causes: CauseSummary[]) => causes.map((c) => `${c.name} (${c.likelihood})`).join(', ');

/**
 * Patients who asked to talk to a person (GET /api/nurse/requests): the queue with each conversation's first message,
 * current level and possible causes, oldest first; one request with its transcript and assessment; "Mark handled"
 * (POST .../handled, audited with the nurse's name).
 */
export function createRequestsView(deps: { onCount(open: number): void }) {
  const status = h(
    'select',
    { id: 'requests-status', 'data-testid': 'requests-status' },
    h('option', { value: 'open' }, 'Waiting'),
    h('option', { value: 'handled' }, 'Handled'),
    h('option', { value: 'all' }, 'All'),
  );
  const refresh = h('button', { type: 'button', class: 'secondary', 'data-testid': 'requests-refresh' }, 'Refresh');
  const announce = liveRegion('requests-status-text');
  const error = h('p', { class: 'error', role: 'alert' });
  const table = h('div', { 'data-testid': 'requests-list' });
  const list = h(
    'div',
    null,
    h('h2', { tabindex: -1 }, 'Patients asking for a person'),
    h('div', { class: 'row card' }, h('div', { class: 'field' }, h('label', { for: 'requests-status' }, 'Show'), status), refresh),
    error,
    announce,
    table,
  );

  function row(r: PersonRequestSummary) {
    return h(
      'tr',
      { 'data-testid': 'request-row', 'data-request': r.id },
      h('td', null, when(r.createdAt), h('br'), h('span', { class: 'muted' }, `${duration(Date.now() - Date.parse(r.createdAt))} ago`)),
      h('td', { class: 'first-message' }, r.firstMessage ?? '(no message)'),
      h('td', null, levelBadge(r.level, r.label)),
      h('td', null, r.causes.length ? causesText(r.causes) : h('span', { class: 'muted' }, 'none named')),
      h('td', null, r.status === 'open' ? 'Waiting' : `Handled by ${who(r.handledBy)}`),
      h('td', null, h('a', { href: href('requests', r.id), 'data-testid': 'request-open', 'aria-label': `Open the request from ${when(r.createdAt)}` }, 'Open')),
    );
  }

  async function loadList() {
    fill(error);
    try {
      const { requests } = await api<PersonRequestList>(`/api/nurse/requests?status=${status.value}`);
      if (status.value === 'open') deps.onCount(requests.length);
      fill(
        table,
        requests.length
          ? h(
              'table',
              { 'data-testid': 'requests-table' },
              h('caption', { class: 'visually-hidden' }, 'Requests for a person, oldest first'),
              h(
                'thead',
                null,
                h('tr', null, ['Asked', 'First message', 'Level', 'Possible causes', 'Status', ''].map((t) => h('th', { scope: 'col' }, t || h('span', { class: 'visually-hidden' }, 'Action')))),
              ),
              h('tbody', null, requests.map(row)),
            )
          : h('p', { class: 'card', 'data-testid': 'requests-empty' }, status.value === 'open' ? 'Nobody is waiting for a person.' : 'No requests.'),
      );
      fill(announce, `${requests.length} request(s), updated ${new Date().toLocaleTimeString()}.`);
    } catch (err) {
      fill(error, err instanceof ApiError ? err.message : 'Could not load the requests.');
    }
  }
  status.addEventListener('change', () => void loadList());
  refresh.addEventListener('click', () => void loadList());

  function assessmentView(a: Assessment | null) {
    if (!a) return h('p', { class: 'muted' }, 'No assessment: the conversation has no message with a triage level.');
    return h(
      'div',
      { 'data-testid': 'assessment' },
      h('p', null, levelBadge(a.level, a.label), ' ', a.reason),
      a.advice ? h('p', { class: 'muted' }, `Told the patient: ${a.advice}`) : null,
      a.redFlags.length
        ? h('div', null, h('h4', null, 'Red flags'), h('ul', null, a.redFlags.map((f) => h('li', null, `${f.label}: "${f.evidence.join('", "')}"`))))
        : null,
      h('h4', null, 'Findings'),
      a.findings.length
        ? h('ul', { 'data-testid': 'findings' }, a.findings.map((f) => h('li', null, h('span', { class: f.present ? 'present' : 'absent' }, f.present ? 'Present: ' : 'Absent: '), `${f.name} ("${f.text}")`)))
        : h('p', { class: 'muted' }, 'None recognised.'),
      h('h4', null, 'Possible causes'),
      a.conditions.length
        ? h(
            'ul',
            { 'data-testid': 'possible-causes' },
            a.conditions.map((c) =>
              h(
                'li',
                null,
                h('a', { href: href('article', c.articleId) }, c.name),
                ` (${c.likelihood} likelihood)`,
                c.evidenceFor.length ? h('span', { class: 'muted' }, ` · for: ${c.evidenceFor.join(', ')}`) : null,
                c.evidenceAgainst.length ? h('span', { class: 'muted' }, ` · against: ${c.evidenceAgainst.join(', ')}`) : null,
              ),
            ),
          )
        : h('p', { class: 'muted' }, 'None named.'),
      h('p', { class: 'hint' }, 'Possible causes are what the rules weigh from the patient’s words, never a diagnosis.'),
    );
  }

  const message = (m: TranscriptMessage) =>
    h(
      'li',
      { class: `msg msg-${m.role}`, 'data-testid': `transcript-${m.role}` },
      h('p', { class: 'msg-head' }, h('strong', null, m.role === 'user' ? 'Patient' : 'Careline'), ` · ${when(m.createdAt)} `, m.role === 'assistant' && m.level ? levelBadge(m.level, m.label) : null),
      m.role === 'assistant' ? h('div', null, renderMarkdown(m.content, { headingLevel: 4 })) : h('p', null, m.content),
    );

  async function showDetail(section: HTMLElement, id: string) {
    const back = h('p', null, h('a', { href: href('requests') }, '← All requests'));
    fill(section, back, h('p', { role: 'status' }, 'Loading the request…'));
    let d: PersonRequestDetail;
    try {
      d = await api<PersonRequestDetail>(`/api/nurse/requests/${encodeURIComponent(id)}`);
    } catch (err) {
      fill(section, back, h('h2', { tabindex: -1 }, 'Request'), h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? err.message : 'Could not load the request.'));
      return;
    }
    const state = h('p', { 'data-testid': 'request-state' });
    const done = liveRegion('request-announce');
    const handle = h('button', { type: 'button', 'data-testid': 'request-handle' }, 'Mark handled');
    const showState = (r: PersonRequestSummary) => {
      fill(state, r.status === 'open' ? `Waiting for ${duration(Date.now() - Date.parse(r.createdAt))}` : `Handled by ${who(r.handledBy)} at ${when(r.handledAt)}`);
      handle.hidden = r.status !== 'open';
    };
    showState(d.request);
    handle.addEventListener('click', async () => {
      handle.disabled = true;
      try {
        const res = await api<HandledResponse>(`/api/nurse/requests/${encodeURIComponent(id)}/handled`, { method: 'POST' });
        showState(res.request);
        fill(done, res.changed ? 'Marked handled.' : `Already handled by ${who(res.request.handledBy)}.`);
        void loadList();
      } catch (err) {
        fill(done, err instanceof ApiError ? err.message : 'Could not mark it handled.');
      } finally {
        handle.disabled = false;
      }
    });
    fill(
      section,
      back,
      h(
        'article',
        { 'data-testid': 'request-detail', 'aria-labelledby': 'request-title' },
        h('h2', { id: 'request-title', tabindex: -1 }, `Request from ${when(d.request.createdAt)}`),
        h('div', { class: 'card' }, d.request.reason ? h('p', null, `Reason given: ${d.request.reason}`) : null, state, h('div', { class: 'row' }, handle), done),
        h('div', { class: 'request-columns' },
          h('section', { class: 'card', 'aria-labelledby': 'assessment-title' }, h('h3', { id: 'assessment-title' }, 'Assessment'), assessmentView(d.assessment)),
          h('section', { class: 'card', 'aria-labelledby': 'transcript-title' }, h('h3', { id: 'transcript-title' }, `Transcript (${d.transcript.length} messages)`), h('ol', { class: 'transcript', 'data-testid': 'transcript' }, d.transcript.map(message))),
        ),
      ),
    );
  }

  return {
    async render(section: HTMLElement, id: string | undefined) {
      if (id) return showDetail(section, id);
      if (!section.contains(list)) fill(section, list);
      await loadList();
    },
    /** The number of waiting requests (for the navigation's count), without rendering. */
    async count() {
      const { requests } = await api<PersonRequestList>('/api/nurse/requests?status=open');
      deps.onCount(requests.length);
    },
  };
}
