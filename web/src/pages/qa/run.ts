import { HEADLINE } from '../../../../evals/headline';
import type { CaseResult, EvalGroup, EvalRunDetail, EvalRunInfo } from '../../../../server/contracts/evals';
import { api, ApiError } from '../../console/api';
import { fill, h, liveRegion, when } from '../../console/dom';
import { LEVELS } from '../../console/levels';
import { href } from '../../console/router';
import { expectation, groupTitle, metricText, scroller } from './format';

const CASES_SHOWN = 150;
/** The confusion matrix's order in the stored metrics (server/knowledge/schema LEVELS: least urgent first). */
const MATRIX_ORDER = ['self_care', 'consultation', 'consultation_24', 'emergency', 'emergency_ambulance'];
const short: Record<string, string> = { self_care: 'self-care', consultation: 'appointment', consultation_24: '24 h', emergency: 'ED', emergency_ambulance: 'ambulance' };

/** Per-suite figures: the kind's headline metrics, one table per kind. */
function figures(g: EvalGroup) {
  const kinds = [...new Set(g.runs.map((r) => r.kind))];
  return kinds.map((kind) => {
    const runs = g.runs.filter((r) => r.kind === kind);
    const cols = HEADLINE[kind].filter((m) => runs.some((r) => typeof r.summary[m] === 'number'));
    return scroller(
      `${kind} suites`,
      h(
        'table',
        { 'data-testid': `figures-${kind}` },
        h('caption', null, `${kind} suites`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Suite'), h('th', { scope: 'col', class: 'num' }, 'n'), cols.map((c) => h('th', { scope: 'col', class: 'num' }, c)))),
        h(
          'tbody',
          null,
          runs.map((r) =>
            h(
              'tr',
              { 'data-testid': 'suite-row' },
              h('th', { scope: 'row' }, r.suite),
              h('td', { class: 'num' }, metricText('n', r.summary.n)),
              cols.map((c) => h('td', { class: 'num' }, metricText(c, r.summary[c]))),
            ),
          ),
        ),
      ),
    );
  });
}

/** The triage confusion matrix of one suite: gold level (rows) by predicted level (columns), most urgent first. */
function confusion(run: EvalRunInfo) {
  const m = run.summary.confusion as number[][] | undefined;
  if (!Array.isArray(m)) return null;
  const order = LEVELS.map((l) => l.id);
  const at = (gold: string, got: string) => m[MATRIX_ORDER.indexOf(gold)]?.[MATRIX_ORDER.indexOf(got)] ?? 0;
  return h(
    'table',
    { class: 'confusion', 'data-testid': 'confusion-matrix', 'data-suite': run.suite },
    h('caption', null, `${run.suite}: expected level (rows) by the level given (columns)`),
    h('thead', null, h('tr', null, h('td'), order.map((l) => h('th', { scope: 'col', class: 'num' }, short[l])))),
    h(
      'tbody',
      null,
      order.map((gold) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, short[gold]),
          order.map((got) => {
            const n = at(gold, got);
            const cls = gold === got ? 'hit' : order.indexOf(got) > order.indexOf(gold) ? 'under' : 'over';
            return h('td', { class: `num ${n ? cls : ''}` }, String(n));
          }),
        ),
      ),
    ),
  );
}

export function caseView(c: CaseResult, suite: string, extra?: HTMLElement | null) {
  const failed = c.failed ?? [];
  return h(
    'details',
    { class: `case ${c.pass ? 'case-pass' : 'case-fail'}`, 'data-testid': 'case', 'data-case': c.id, 'data-pass': String(c.pass) },
    h(
      'summary',
      null,
      h('span', { class: c.pass ? 'pass' : 'fail' }, c.pass ? 'pass' : 'FAIL'),
      ` ${suite} / ${c.id}`,
      c.level ? h('span', { class: 'muted' }, ` · gave ${c.level}`) : null,
      failed.length ? h('span', { class: 'muted' }, ` · failed: ${failed.join(', ')}`) : null,
    ),
    extra ?? null,
    h('h4', null, 'Turns'),
    h('ol', null, (c.turns ?? []).map((t) => h('li', null, t))),
    c.reply ? [h('h4', null, 'Reply'), h('p', { class: 'reply' }, c.reply)] : null,
    c.results?.length ? [h('h4', null, 'Results (best first)'), h('p', null, c.results.join(', '))] : null,
    h('h4', null, 'Expected'),
    h('p', null, expectation(c)),
    c.error ? h('p', { class: 'error' }, `Error: ${c.error}`) : null,
    failed.length
      ? [h('h4', null, 'What failed'), h('ul', null, failed.map((name) => h('li', null, h('strong', null, name), `: ${c.checks?.[name]?.reason ?? ''}`)))]
      : null,
    c.explain?.reason ? h('p', { class: 'muted' }, `Triage: ${c.explain.reason}`) : null,
  );
}

/**
 * One run (an eval invocation): per-suite figures, the triage confusion matrices, and the cases of one suite with
 * filters (failed only, expected level, level given, text).
 */
export async function renderRun(section: HTMLElement, groups: EvalGroup[], id: string | undefined) {
  const g = groups.find((x) => x.id === id) ?? groups[0];
  const heading = h('h2', { tabindex: -1 }, 'One run');
  if (!g) return fill(section, heading, h('p', { class: 'card' }, 'No stored runs yet.'));
  const older = groups[groups.indexOf(g) + 1];
  const triage = g.runs.filter((r) => r.kind === 'triage' && Array.isArray(r.summary.confusion));

  const matrixSuite = h('select', { id: 'matrix-suite', 'data-testid': 'matrix-suite' }, triage.map((r) => h('option', { value: r.id }, r.suite)));
  const matrix = scroller('Confusion matrix');
  const showMatrix = () => fill(matrix, confusion(triage.find((r) => r.id === matrixSuite.value) ?? triage[0]));
  matrixSuite.addEventListener('change', showMatrix);
  showMatrix();

  const suite = h('select', { id: 'case-suite', 'data-testid': 'case-suite' }, g.runs.map((r) => h('option', { value: r.id }, `${r.suite} (${r.kind})`)));
  const failedOnly = h('input', { type: 'checkbox', id: 'case-failed', checked: true, 'data-testid': 'case-failed-only' });
  const levelOption = (first: string) => [h('option', { value: '' }, first), LEVELS.map((l) => h('option', { value: l.id }, l.id))];
  const gold = h('select', { id: 'case-gold', 'data-testid': 'case-gold' }, levelOption('Any'));
  const got = h('select', { id: 'case-got', 'data-testid': 'case-got' }, levelOption('Any'));
  const text = h('input', { type: 'search', id: 'case-text', 'data-testid': 'case-text' });
  const count = liveRegion('case-count');
  const list = h('div', { 'data-testid': 'case-list' });
  const cache = new Map<string, EvalRunDetail>();

  async function showCases() {
    const runId = suite.value;
    let run = cache.get(runId);
    if (!run) {
      fill(count, 'Loading the cases…');
      try {
        run = await api<EvalRunDetail>(`/api/evals/runs/${encodeURIComponent(runId)}`);
      } catch (err) {
        fill(count, err instanceof ApiError ? err.message : 'Could not load the cases.');
        return;
      }
      cache.set(runId, run);
    }
    if (suite.value !== runId) return;
    const q = text.value.trim().toLowerCase();
    const shown = run.results.filter(
      (c) =>
        (!failedOnly.checked || !c.pass) &&
        (!gold.value || c.expect?.triage?.level === gold.value || c.expect?.triage?.atLeast === gold.value) &&
        (!got.value || c.level === got.value || c.replies?.at(-1)?.level === got.value) &&
        (!q || c.id.toLowerCase().includes(q) || (c.turns ?? []).some((t) => t.toLowerCase().includes(q)) || (c.reply ?? '').toLowerCase().includes(q)),
    );
    fill(list, shown.slice(0, CASES_SHOWN).map((c) => caseView(c, run!.suite)));
    fill(count, `${shown.length} of ${run.results.length} case(s)${shown.length > CASES_SHOWN ? `; the first ${CASES_SHOWN} shown` : ''}.`);
  }
  for (const el of [suite, failedOnly, gold, got]) el.addEventListener('change', () => void showCases());
  text.addEventListener('input', () => void showCases());

  fill(
    section,
    heading,
    h(
      'div',
      { class: 'card run-head' },
      h('p', { 'data-testid': 'run-title' }, h('strong', null, groupTitle(g))),
      h('p', { class: 'muted' }, `Stored ${when(g.createdAt)}; suites: ${g.runs.map((r) => r.suite).join(', ')}.`),
      older ? h('p', null, h('a', { href: href('compare', older.id, g.id) }, 'Compare with the run before')) : null,
    ),
    h('h3', null, 'Per-suite figures'),
    figures(g),
    triage.length ? [h('h3', null, 'Triage confusion matrix'), h('div', { class: 'field' }, h('label', { for: 'matrix-suite' }, 'Suite'), matrixSuite), matrix] : null,
    h('h3', null, 'Cases'),
    h(
      'div',
      { class: 'card row filters' },
      h('div', { class: 'field' }, h('label', { for: 'case-suite' }, 'Suite'), suite),
      h('div', { class: 'field' }, h('label', { for: 'case-gold' }, 'Expected level'), gold),
      h('div', { class: 'field' }, h('label', { for: 'case-got' }, 'Level given'), got),
      h('div', { class: 'field' }, h('label', { for: 'case-text' }, 'Text'), text),
      h('div', { class: 'field check' }, h('label', { for: 'case-failed' }, failedOnly, ' Failed only')),
    ),
    count,
    list,
  );
  // Start on the first suite with a failure.
  const firstFailing = g.runs.find((r) => typeof r.summary.passRate === 'number' ? (r.summary.passRate as number) < 1 : Array.isArray(r.summary.underTriaged) && (r.summary.underTriaged as string[]).length > 0);
  if (firstFailing) suite.value = firstFailing.id;
  await showCases();
}
