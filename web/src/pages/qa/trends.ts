import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { EvalGroup, GateInfo, SuiteKind } from '../../../../server/contracts/evals';
import { fill, h, when } from '../../console/dom';
import { href } from '../../console/router';
import { groupTitle, metricText, num } from './format';

/** The headline trends the issue names, each a chart with one line per suite of its kind. */
export const CHARTS: { id: string; title: string; kind: SuiteKind; metric: string }[] = [
  { id: 'accuracy3', title: 'Triage 3-level accuracy', kind: 'triage', metric: 'accuracy3' },
  { id: 'emergency-recall', title: 'Triage emergency recall', kind: 'triage', metric: 'emergencyRecall' },
  { id: 'recall5', title: 'Retrieval top-5 (recall@5)', kind: 'retrieval', metric: 'recall@5' },
  { id: 'citation-validity', title: 'Citation validity', kind: 'answers', metric: 'citationValidity' },
  { id: 'pass-rate', title: 'Answer pass rate', kind: 'answers', metric: 'passRate' },
];

// Distinguishable on white, and dark enough for the legend's text contrast.
const PALETTE = ['#0b5cad', '#b3261e', '#1f6b33', '#7a3fb0', '#a05a00', '#00708a', '#8a2a5b', '#4d5b00', '#5b4636', '#2f4b7c', '#9c2f00', '#356859'];
const FLOOR_COLOUR = '#a4161a';

/** The gate's limit for one suite's metric: the floor, and the baseline less the allowed drop (the stricter counts). */
export function gateLines(gate: GateInfo, kind: SuiteKind, suite: string, metric: string): { floor: number | null; fromBaseline: number | null } {
  const pick = (table: Record<string, number> | undefined) => table?.[`${suite}.${metric}`] ?? table?.[`${kind}.${metric}`];
  const floor = pick(gate.thresholds.floors) ?? null;
  const drop = pick(gate.thresholds.maxDrop);
  const base = gate.baseline?.suites[suite]?.metrics[metric];
  const fromBaseline = typeof base === 'number' && drop !== undefined ? Math.round((base - drop) * 1e6) / 1e6 : null;
  return { floor, fromBaseline };
}

type Line = { label: string; colour: string; values: (number | null)[]; dash?: number[]; width: number; testid: string };

/** One chart: the suites' values per run (oldest first) and the gate's lines, drawn by uPlot, with a table of the same figures. */
function chart(def: (typeof CHARTS)[number], groups: EvalGroup[], gate: GateInfo): HTMLElement | null {
  const runs = [...groups].reverse();
  const suites = [...new Set(runs.flatMap((g) => g.runs.filter((r) => r.kind === def.kind && num(r, def.metric) !== null).map((r) => r.suite)))].sort();
  if (!suites.length) return null;
  // Runs are evenly spaced, oldest first, each labelled with its date: a release's runs may be minutes or weeks apart.
  const xs = runs.map((_g, i) => i);
  const tick = (i: number) => {
    const g = runs[i];
    if (!Number.isInteger(i) || !g) return '';
    return new Date(g.createdAt).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
  };
  const lines: Line[] = [];
  const floors = new Set<number>();
  suites.forEach((suite, i) => {
    const colour = PALETTE[i % PALETTE.length];
    lines.push({ label: suite, colour, width: 2, values: runs.map((g) => num(g.runs.find((r) => r.suite === suite), def.metric)), testid: 'trend-series' });
    const { floor, fromBaseline } = gateLines(gate, def.kind, suite, def.metric);
    if (floor !== null) floors.add(floor);
    if (fromBaseline !== null && (floor === null || fromBaseline > floor)) {
      lines.push({ label: `${suite}: gate (baseline − allowed drop) ${metricText(def.metric, fromBaseline)}`, colour, width: 1, dash: [6, 4], values: runs.map(() => fromBaseline), testid: 'trend-gate' });
    }
  });
  for (const floor of floors) lines.push({ label: `floor ${metricText(def.metric, floor)}`, colour: FLOOR_COLOUR, width: 1.5, dash: [2, 3], values: runs.map(() => floor), testid: 'trend-floor' });

  const plot = h('div', { class: 'plot', role: 'img', 'aria-label': `${def.title} per run for ${suites.join(', ')}, with the regression gate's limits; the same figures are in the table below.` });
  const opts: uPlot.Options = {
    width: 640,
    height: 260,
    legend: { show: false },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(0.5, runs.length - 0.5)] },
      y: { range: (_u, min, max) => [Math.min(0.5, Math.floor((min ?? 0) * 10) / 10), Math.max(1, max ?? 1)] },
    },
    axes: [
      { splits: () => xs, values: (_u, ticks) => ticks.map(tick), size: 40 },
      { values: (_u, ticks) => ticks.map((t) => `${Math.round(t * 100)}%`) },
    ],
    series: [{}, ...lines.map((l) => ({ label: l.label, stroke: l.colour, width: l.width, dash: l.dash, spanGaps: true, points: { show: !l.dash, size: 7 } }))],
  };
  const data = [xs, ...lines.map((l) => l.values)] as uPlot.AlignedData;
  const card = h(
    'section',
    { class: 'card chart', 'data-testid': `trend-${def.id}`, 'data-runs': runs.length, 'aria-labelledby': `trend-title-${def.id}` },
    h('h3', { id: `trend-title-${def.id}` }, def.title),
    plot,
    h('ul', { class: 'legend' }, lines.map((l) => h('li', { 'data-testid': l.testid }, h('span', { class: `swatch${l.dash ? ' dashed' : ''}`, style: `border-color:${l.colour}`, 'aria-hidden': 'true' }), l.label))),
    h(
      'details',
      null,
      h('summary', null, 'Figures as a table'),
      h(
        'table',
        null,
        h('caption', { class: 'visually-hidden' }, `${def.title} per run`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Run'), suites.map((s) => h('th', { scope: 'col', class: 'num' }, s)))),
        h(
          'tbody',
          null,
          runs.map((g) => h('tr', null, h('th', { scope: 'row' }, h('a', { href: href('run', g.id) }, when(g.createdAt))), suites.map((s) => h('td', { class: 'num' }, metricText(def.metric, num(g.runs.find((r) => r.suite === s), def.metric)))))),
        ),
      ),
    ),
  );
  // uPlot measures its container: draw once the card is in the page, as wide as it is.
  requestAnimationFrame(() => {
    const u = new uPlot({ ...opts, width: Math.max(320, plot.clientWidth || 640) }, data, plot);
    new ResizeObserver(() => u.setSize({ width: Math.max(320, plot.clientWidth), height: 260 })).observe(plot);
  });
  return card;
}

/** Runs over time: the headline charts and the list of stored runs (each opens, or compares with the one before). */
export function renderTrends(section: HTMLElement, groups: EvalGroup[], gate: GateInfo) {
  const heading = h('h2', { tabindex: -1 }, 'Runs over time');
  if (!groups.length) {
    fill(section, heading, h('p', { class: 'card', 'data-testid': 'no-runs' }, 'No stored runs yet. Store one with ', h('code', null, 'npm run eval -- --store'), '.'));
    return;
  }
  const charts = CHARTS.map((c) => chart(c, groups, gate)).filter((c): c is HTMLElement => c !== null);
  fill(
    section,
    heading,
    h('p', { class: 'muted' }, `${groups.length} stored run(s), oldest on the left. Dashed lines are the regression gate: a suite's baseline less the drop it allows (its colour), and the absolute floor (red).`),
    h('div', { class: 'charts' }, charts),
    h('h2', null, 'Stored runs'),
    h(
      'table',
      { 'data-testid': 'runs-table' },
      h('caption', { class: 'visually-hidden' }, 'Stored runs, newest first'),
      h('thead', null, h('tr', null, ['Run', 'Suites', 'Worst triage accuracy (3-level)', 'Worst emergency recall', ''].map((t) => h('th', { scope: 'col' }, t || h('span', { class: 'visually-hidden' }, 'Actions'))))),
      h(
        'tbody',
        null,
        groups.map((g, i) => {
          const worst = (metric: string) => {
            const vs = g.runs.filter((r) => r.kind === 'triage').map((r) => num(r, metric)).filter((v): v is number => v !== null);
            return vs.length ? metricText(metric, Math.min(...vs)) : '–';
          };
          const older = groups[i + 1];
          return h(
            'tr',
            { 'data-testid': 'run-row', 'data-group': g.id },
            h('td', null, h('a', { href: href('run', g.id), 'data-testid': 'run-open' }, groupTitle(g))),
            h('td', null, g.runs.map((r) => r.suite).join(', ')),
            h('td', { class: 'num' }, worst('accuracy3')),
            h('td', { class: 'num' }, worst('emergencyRecall')),
            h('td', null, older ? h('a', { href: href('compare', older.id, g.id), 'data-testid': 'run-compare' }, 'Compare with the run before') : ''),
          );
        }),
      ),
    ),
  );
}
