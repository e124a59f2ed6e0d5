import type { GateResult } from './gate';
import { levelNames, type Metrics } from './metrics';
import type { CaseResult } from './runner';
import { HEADLINE } from './headline';
import type { SuiteKind } from './schema';

export type ReportSuite = {
  suite: string;
  kind: SuiteKind;
  description: string;
  metrics: Metrics;
  spread?: Record<string, [number, number]>;
  cases: CaseResult[];
  timing?: { latencyMs?: { p50: number; p95: number } };
};

export { HEADLINE };

export const escapeHtml = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const e = escapeHtml;
const pct = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a');

function bars(s: ReportSuite): string {
  const keys = HEADLINE[s.kind].filter((k) => typeof s.metrics[k] === 'number' && Number.isFinite(s.metrics[k] as number));
  const rowH = 22;
  const labelW = 190;
  const barW = 360;
  const h = keys.length * rowH + 10;
  const rows = keys.map((k, i) => {
    const v = Math.max(0, Math.min(1, s.metrics[k] as number));
    const y = i * rowH + 5;
    const sp = s.spread?.[k];
    const whisker = sp ? `<line x1="${labelW + sp[0] * barW}" x2="${labelW + sp[1] * barW}" y1="${y + 8}" y2="${y + 8}" stroke="#222" stroke-width="2"/>` : '';
    const bad = k === 'overTriageRate' ? v > 0.1 : v < 0.9;
    return `<text x="${labelW - 6}" y="${y + 12}" text-anchor="end">${e(k)}</text><rect x="${labelW}" y="${y}" width="${barW}" height="16" fill="#eee"/><rect x="${labelW}" y="${y}" width="${(v * barW).toFixed(1)}" height="16" fill="${bad ? '#d9822b' : '#3b7dd8'}"/>${whisker}<text x="${labelW + barW + 6}" y="${y + 12}">${e(pct(v))}${sp ? e(` (${pct(sp[0])}-${pct(sp[1])})`) : ''}</text>`;
  });
  return `<svg role="img" aria-label="${e(s.suite)} headline metrics" width="${labelW + barW + 170}" height="${h}" font-size="12" font-family="sans-serif">${rows.join('')}</svg>`;
}

function confusionTable(m: number[][]): string {
  const head = levelNames.map((l) => `<th>${e(l)}</th>`).join('');
  const rows = m
    .map((row, i) => `<tr><th>${e(levelNames[i])}</th>${row.map((n, j) => `<td class="${n && i === j ? 'diag' : n && i !== j ? (j < i ? 'under' : 'over') : ''}">${n}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="confusion"><caption>Confusion matrix: gold (rows) x predicted (columns); red = under-triaged, amber = over-triaged</caption><tr><th>gold \\ predicted</th>${head}</tr>${rows}</table>`;
}

function metricTable(s: ReportSuite): string {
  const rows = Object.entries(s.metrics)
    .filter(([k]) => k !== 'confusion')
    .map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : typeof v === 'number' && !Number.isFinite(v) ? 'n/a' : v)}${s.spread?.[k] ? e(` (min ${s.spread[k][0]}, max ${s.spread[k][1]})`) : ''}</td></tr>`)
    .join('');
  const lat = s.timing?.latencyMs ? `<tr><th>latency p50 / p95 (ms, informational)</th><td>${e(s.timing.latencyMs.p50)} / ${e(s.timing.latencyMs.p95)}</td></tr>` : '';
  return `<table class="metrics">${rows}${lat}</table>`;
}

function caseBlock(c: CaseResult): string {
  const checks = Object.entries(c.checks)
    .map(([name, r]) => `<tr class="${r.skipped ? 'skip' : r.pass ? 'ok' : 'fail'}"><th>${e(name)}</th><td>${r.skipped ? 'n/a' : r.pass ? 'pass' : 'FAIL'}</td><td>${e(Math.round(r.score * 1000) / 1000)}</td><td>${e(r.reason)}</td></tr>`)
    .join('');
  const turns = c.turns.map((t, i) => `<li><b>user:</b> ${e(t)}${c.replies?.[i] ? `<div class="reply"><b>assistant (${e(c.replies[i].level)}):</b><pre>${e(c.replies[i].reply)}</pre></div>` : ''}</li>`).join('');
  const extra = [
    c.level && !c.replies ? `<p>Predicted level: <b>${e(c.level)}</b></p>` : '',
    c.results ? `<p>Results: ${e(c.results.join(', ') || 'none')}</p>` : '',
    c.citations ? `<p>Citations: ${e(c.citations.map((x) => `[${x.n}] ${x.articleId}`).join(', ') || 'none')}</p>` : '',
    c.error ? `<p class="fail">Error: ${e(c.error)}</p>` : '',
    c.explain
      ? `<p>Why: ${e(c.explain.reason ?? '')}</p>${c.explain.redFlags?.length ? `<p>Red flags: ${e(c.explain.redFlags.join('; '))}</p>` : ''}${c.explain.conditions?.length ? `<p>Possible causes: ${e(c.explain.conditions.join(' | '))}</p>` : ''}${c.explain.findings?.length ? `<ul class="findings">${c.explain.findings.map((f) => `<li>${e(f)}</li>`).join('')}</ul>` : ''}`
      : '',
  ].join('');
  return `<details class="${c.pass ? 'ok' : 'fail'}"><summary>${c.pass ? '✓' : '✗'} ${e(c.id)} ${c.failed.length ? `<span class="why">failed: ${e(c.failed.join(', '))}</span>` : ''} ${c.passRuns ? `<span class="runs">passed ${e(c.passRuns)} runs</span>` : ''} <span class="tags">${e(c.tags.join(' '))}</span></summary>
<ol class="turns">${turns}</ol>${extra}<p>Expectations:</p><pre>${e(JSON.stringify(c.expect, null, 2))}</pre><table class="checks"><tr><th>check</th><th>result</th><th>score</th><th>why</th></tr>${checks}</table></details>`;
}

/** A self-contained HTML report: inline CSS and SVG, no scripts, every value escaped. */
export function renderReport(input: { suites: ReportSuite[]; meta: Record<string, unknown>; gate?: GateResult }): string {
  const nav = input.suites.map((s) => `<a href="#s-${e(s.suite)}">${e(s.suite)}</a>`).join(' · ');
  const gate = input.gate
    ? `<section class="${input.gate.ok ? 'ok' : 'fail'}"><h2>Regression gate: ${input.gate.ok ? 'passed' : 'FAILED'}</h2><ul>${input.gate.failures.map((f) => `<li>${e(f)}</li>`).join('')}${input.gate.notes.map((f) => `<li class="note">${e(f)}</li>`).join('')}</ul></section>`
    : '';
  const sections = input.suites
    .map((s) => {
      const sorted = [...s.cases].sort((a, b) => Number(a.pass) - Number(b.pass));
      return `<section id="s-${e(s.suite)}"><h2>${e(s.suite)} <small>(${e(s.kind)}, ${s.cases.length} cases)</small></h2><p>${e(s.description)}</p>${bars(s)}${metricTable(s)}${Array.isArray(s.metrics.confusion) ? confusionTable(s.metrics.confusion as number[][]) : ''}<h3>Cases (failures first)</h3>${sorted.map(caseBlock).join('\n')}</section>`;
    })
    .join('\n');
  const meta = Object.entries(input.meta).map(([k, v]) => `<tr><th>${e(k)}</th><td>${e(typeof v === 'object' ? JSON.stringify(v) : v)}</td></tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Careline eval report</title><style>
body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;max-width:1200px}
h2{border-bottom:1px solid #ccc;padding-bottom:.2rem;margin-top:2rem}table{border-collapse:collapse;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.confusion td{text-align:right;min-width:3em}.confusion td.diag{background:#d7ecd9}.confusion td.under{background:#f4c7c3}.confusion td.over{background:#fde9c4}
details{border-left:4px solid #9c9;margin:2px 0;padding:2px 6px}details.fail{border-color:#d55}summary{cursor:pointer}
.why{color:#b22}.tags,.runs{color:#888;font-size:12px}pre{white-space:pre-wrap;background:#f7f7f7;padding:6px;margin:2px 0}
tr.fail td{color:#b22}tr.skip td{color:#999}section.fail h2{color:#b22}section.ok h2{color:#285}.note{color:#777}
</style></head><body><h1>Careline eval report</h1><table class="meta">${meta}</table>${gate}<nav>${nav}</nav>${sections}</body></html>`;
}
