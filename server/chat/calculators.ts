import type { Calculation } from './types';

/**
 * The clinical calculators (server/calculators) behind the small part of their API the chat uses:
 * `calculateFromText(text)` gives a result when the text names a calculator (with the values it gives, or what is
 * missing), or null; `formatResult(result)` its text for a person, with the components and the source shown.
 * Wire the module in with `createApp({ ..., calculators: { calculateFromText, formatResult, calculateEachFromText } })`.
 */
export type CalculatorTool<R = unknown> = {
  calculateFromText(text: string): R | null;
  formatResult(result: R): string;
  /** Every calculator the text names, each alone (a comparison, "qSOFA or NEWS2?"); optional, for older tools. */
  calculateEachFromText?(text: string): R[];
};

/**
 * What a calculator scores, in the library's words, when the library never names the score itself (no article says
 * qSOFA or CURB-65): the question is searched with it, so the guideline after the result is the one for what the
 * score is for, not the one its readings happen to name (GCS: head injury observations). The others (NEWS2, Wells,
 * PERC, Centor, FeverPAIN, GCS, the traffic light, ROSIER, Westley) are named by the guides that use them and are
 * searched by the question itself.
 */
export const CALCULATOR_TOPICS: Record<string, string> = {
  qsofa: 'sepsis',
  curb65: 'pneumonia',
  crb65: 'pneumonia',
};

/** The score a result came to, when it has one under a usual name (used to pick the guideline's band for it). */
function scoreOf(result: unknown): number | undefined {
  if (!result || typeof result !== 'object') return undefined;
  const r = result as Record<string, unknown>;
  // A calculator named with nothing to score ("what are the qSOFA criteria?") has no score, whatever its total says.
  const components = r.components;
  if (Array.isArray(components) && components.length && components.every((c) => (c as { points?: unknown })?.points === null)) return undefined;
  for (const k of ['score', 'total', 'value', 'points']) if (typeof r[k] === 'number' && Number.isFinite(r[k])) return r[k] as number;
  return undefined;
}

/**
 * A result whose only value is the total the nurse gave ("GCS 15" in a question about a CT scan) restates it and
 * takes a bullet from the guideline: left out, and the guideline's sentences for that total answer instead.
 */
function restatesTotal(result: unknown): boolean {
  const components = (result as { components?: unknown } | null)?.components;
  if (!Array.isArray(components)) return false;
  const known = components.filter((c) => (c as { points?: unknown })?.points !== null && (c as { points?: unknown })?.points !== undefined);
  return known.length === 1 && (known[0] as { field?: unknown }).field === 'total';
}

const idOf = (result: unknown): string | undefined => {
  const r = result as Record<string, unknown> | null;
  const id = r?.id ?? (r?.calculator as Record<string, unknown> | undefined)?.id;
  return typeof id === 'string' ? id : undefined;
};

/**
 * Runs the calculators on a question: the formatted result (first in the answer), its score and id, or null when the
 * question names no calculator. A calculator that throws is treated as absent (the answer comes from the guideline).
 */
export function runCalculator(tool: CalculatorTool, text: string, onError?: (err: unknown) => void): Calculation | null {
  try {
    const each = tool.calculateEachFromText ? tool.calculateEachFromText(text).filter((r) => r !== null && r !== undefined && !restatesTotal(r)) : [];
    if (each.length > 1) {
      // A comparison: each calculator in turn, the first one's id for the guideline it is searched with. Its score
      // picks the guideline's band only when it is the only one scored (two scores have no one band).
      const texts = each.map((r) => tool.formatResult(r).trim()).filter(Boolean);
      const scored = each.filter((r) => scoreOf(r) !== undefined);
      return { id: idOf(each[0]), text: texts.join('\n'), value: scored.length === 1 && scored[0] === each[0] ? scoreOf(each[0]) : undefined };
    }
    const result = tool.calculateFromText(text);
    if (result === null || result === undefined) return null;
    if (restatesTotal(result)) return null;
    const formatted = tool.formatResult(result).trim();
    if (!formatted) return null;
    return { id: idOf(result), text: formatted, value: scoreOf(result) };
  } catch (err) {
    onError?.(err);
    return null;
  }
}
