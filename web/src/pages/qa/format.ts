import type { CaseResult, EvalGroup, EvalRunInfo } from '../../../../server/contracts/evals';
import { h, when, type Child } from '../../console/dom';

/** Metrics shown as a share (0..1) are written as percentages; others (grades, counts, MRR) as numbers. */
const NOT_A_SHARE = new Set(['mrr', 'underTriaged', 'kbArticles', 'readabilityGrade', 'kbReadabilityMean', 'kbReadabilityP90', 'questionsPerCase', 'n', 'nLevel', 'nBounds', 'targets', 'errors', 'rubricUngraded', 'offTopicCitations', 'intentSectionMissing']);

export function metricText(metric: string, v: unknown): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return Array.isArray(v) ? String(v.length) : '–';
  if (NOT_A_SHARE.has(metric) || metric.endsWith('.mrr') || v > 1 || v < 0) return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return `${(v * 100).toFixed(1)}%`;
}

export function deltaText(metric: string, d: number | null): string {
  if (d === null) return '–';
  if (d === 0) return '0';
  const sign = d > 0 ? '+' : '−';
  const a = Math.abs(d);
  return NOT_A_SHARE.has(metric) || metric.endsWith('.mrr') ? `${sign}${Number.isInteger(a) ? a : a.toFixed(3)}` : `${sign}${(a * 100).toFixed(1)} pt`;
}

export const num = (run: EvalRunInfo | undefined, metric: string): number | null => {
  const v = run?.summary[metric];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

/** A run's name: when, which model, how many suites, and the start of its id (two runs may share a minute). */
export const groupTitle = (g: EvalGroup) => `${when(g.createdAt)} · ${g.model} · ${g.runs.length} suite(s) · ${g.id.slice(0, 8)}`;

/** What a case expected, in one line. */
export function expectation(c: Pick<CaseResult, 'expect'>): string {
  const e = c.expect ?? {};
  const parts: string[] = [];
  const t = e.triage;
  if (t?.level) parts.push(`level ${t.level}`);
  if (t?.atLeast) parts.push(`at least ${t.atLeast}`);
  if (t?.atMost) parts.push(`at most ${t.atMost}`);
  if (e.relevant?.length) parts.push(`relevant: ${e.relevant.join(', ')}`);
  if (e.cited?.length) parts.push(`cites one of: ${e.cited.join(', ')}`);
  if (e.mustInclude?.length) parts.push(`says: ${e.mustInclude.map((g) => g.join(' / ')).join('; ')}`);
  if (e.mustNotInclude?.length) parts.push(`never says: ${e.mustNotInclude.join(', ')}`);
  if (e.emergencyInstruction) parts.push('the emergency instruction');
  if (e.refusal) parts.push('declines (no reliable answer)');
  return parts.join(' · ') || 'no explicit expectation';
}

/** A wide table's box: scrolls sideways, and can be scrolled from the keyboard (focusable, named). */
export const scroller = (label: string, ...children: Child[]) => h('div', { class: 'scroll', tabindex: 0, role: 'region', 'aria-label': label }, ...children);
