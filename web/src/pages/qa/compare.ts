import type { EvalComparison, EvalGroup } from '../../../../server/contracts/evals';
import { api, ApiError } from '../../console/api';
import { fill, h } from '../../console/dom';
import { href } from '../../console/router';
import { deltaText, expectation, groupTitle, metricText, scroller } from './format';

const CHANGE_TEXT = { regressed: 'pass → fail', fixed: 'fail → pass', added: 'new case', removed: 'case removed' };

/**
 * Two runs side by side (GET /api/evals/compare): the cases whose outcome changed, regressions first and highlighted,
 * then every metric of every suite with its change.
 */
export async function renderCompare(section: HTMLElement, groups: EvalGroup[], args: string[]) {
  const heading = h('h2', { tabindex: -1 }, 'Compare two runs');
  if (groups.length < 2) return fill(section, heading, h('p', { class: 'card' }, 'Two stored runs are needed to compare.'));
  const baseId = args[0] ?? groups[1].id;
  const headId = args[1] ?? groups[0].id;
  const pick = (id: string, label: string, value: string) =>
    h('div', { class: 'field' }, h('label', { for: id }, label), h('select', { id, 'data-testid': id }, groups.map((g) => h('option', { value: g.id, selected: g.id === value }, groupTitle(g)))));
  const form = h(
    'form',
    { class: 'card row' },
    pick('compare-base', 'Before', baseId),
    pick('compare-head', 'After', headId),
    h('button', { type: 'submit', 'data-testid': 'compare-submit' }, 'Compare'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const b = (form.querySelector('#compare-base') as HTMLSelectElement).value;
    const a = (form.querySelector('#compare-head') as HTMLSelectElement).value;
    location.hash = href('compare', b, a);
  });
  const out = h('div', { 'data-testid': 'comparison' }, h('p', { role: 'status' }, 'Comparing…'));
  fill(section, heading, form, out);

  let c: EvalComparison;
  try {
    c = await api<EvalComparison>(`/api/evals/compare?${new URLSearchParams({ base: baseId, head: headId })}`);
  } catch (err) {
    fill(out, h('p', { class: 'error', role: 'alert' }, err instanceof ApiError ? err.message : 'Could not compare the runs.'));
    return;
  }
  const regressed = c.cases.filter((x) => x.change === 'regressed').length;
  const fixed = c.cases.filter((x) => x.change === 'fixed').length;
  fill(
    out,
    h(
      'p',
      { class: regressed ? 'notice' : 'card', role: 'status', 'data-testid': 'compare-summary' },
      `${regressed} case(s) went from pass to fail, ${fixed} from fail to pass, between ${groupTitle(c.base)} and ${groupTitle(c.head)}.`,
    ),
    h('h3', null, 'Cases that changed'),
    c.cases.length
      ? h(
          'ol',
          { class: 'changes', 'data-testid': 'case-changes' },
          c.cases.map((x) =>
            h(
              'li',
              { class: `change change-${x.change}`, 'data-testid': 'case-change', 'data-change': x.change, 'data-case': x.id },
              h('p', null, h('strong', null, CHANGE_TEXT[x.change]), ` · ${x.suite} / ${x.id}`),
              h('p', null, h('span', { class: 'muted' }, 'Expected: '), expectation(x)),
              h('p', null, h('span', { class: 'muted' }, 'Turns: '), x.turns.join(' ⏎ ')),
              x.head && !x.head.pass ? h('p', null, h('span', { class: 'muted' }, 'Now fails: '), (x.head.failed ?? []).join(', ') || 'error') : null,
              x.base?.level !== x.head?.level && (x.base?.level || x.head?.level) ? h('p', null, h('span', { class: 'muted' }, 'Level: '), `${x.base?.level ?? '–'} → ${x.head?.level ?? '–'}`) : null,
              x.head?.reply ? h('details', null, h('summary', null, 'Reply now'), h('p', { class: 'reply' }, x.head.reply)) : null,
            ),
          ),
        )
      : h('p', { class: 'card' }, 'No case changed its outcome.'),
    h('h3', null, 'Every metric'),
    c.suites.map((s) =>
      scroller(
        `${s.suite}: every metric`,
        h(
          'table',
          { class: 'metrics', 'data-testid': 'compare-suite', 'data-suite': s.suite },
          h('caption', null, `${s.suite} (${s.kind})${!s.base ? ': only in the later run' : !s.head ? ': only in the earlier run' : ''}`),
          h('thead', null, h('tr', null, ['Metric', 'Before', 'After', 'Change'].map((t, i) => h('th', { scope: 'col', class: i ? 'num' : '' }, t)))),
          h(
            'tbody',
            null,
            [...s.metrics]
              .sort((a, b) => Number(a.better !== false) - Number(b.better !== false))
              .map((m) =>
                h(
                  'tr',
                  { class: m.better === false ? 'worse' : m.better ? 'better' : '', 'data-testid': 'metric-row', 'data-metric': m.metric },
                  h('th', { scope: 'row' }, m.metric),
                  h('td', { class: 'num' }, metricText(m.metric, m.base)),
                  h('td', { class: 'num' }, metricText(m.metric, m.head)),
                  h('td', { class: 'num' }, deltaText(m.metric, m.delta), m.better === false ? ' (worse)' : m.better ? ' (better)' : ''),
                ),
              ),
          ),
        ),
      ),
    ),
    h('p', null, h('a', { href: href('run', c.head.id) }, 'Open the later run')),
  );
}
