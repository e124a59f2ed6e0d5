/** Small text helpers shared by the scorers: phrase matching, sentences, content words. Pure. */

const normalizeQuotes = (s: string) => s.replace(/[\u2018\u2019\u02bc]/g, "'").replace(/[\u201c\u201d]/g, '"');

/** Lower-cased text with straight quotes and single spaces. */
export const normalize = (s: string) => normalizeQuotes(s).toLowerCase().replace(/\s+/g, ' ');

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SUFFIX = "(?:s|es|d|ed|ing|y|ly|er|ers|'s)?";
const phraseCache = new Map<string, RegExp>();

/**
 * Case-insensitive phrase match that respects word starts: "rest" matches "rest", "resting" and "rests" but not
 * "interest"; "gp" matches "GP" but not "GPU"-like fragments inside words. Used for mustInclude, mustNotInclude
 * and rubric `match.anyOf`, so all three behave the same.
 */
export function phraseRegex(phrase: string): RegExp {
  let re = phraseCache.get(phrase);
  if (!re) {
    const p = normalize(phrase).trim();
    const start = /^[a-z0-9]/.test(p) ? '(?<![a-z0-9])' : '';
    const end = /[a-z]$/.test(p) ? `${SUFFIX}(?![a-z0-9])` : /[0-9]$/.test(p) ? '(?![0-9])' : '';
    // A space in the phrase also meets a hyphen: "last known well" is the same phrase as "last-known-well".
    re = new RegExp(start + escapeRe(p).replace(/ /g, '[\\s\u2010\u2011-]+') + end);
    phraseCache.set(phrase, re);
  }
  return re;
}

export const containsPhrase = (text: string, phrase: string) => phraseRegex(phrase).test(normalize(text));
export const firstMatch = (text: string, phrases: string[]) => phrases.find((p) => containsPhrase(text, p));

/** Removes citation markers like [1] or [2][3]. */
export const stripCitations = (s: string) => s.replace(/\s?\[\d{1,3}\]/g, '');

/** The [n] numbers a text cites. */
export const citedNumbers = (s: string): number[] => [...s.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1]));

/**
 * Splits a reply into sentences. A citation marker after the full stop belongs to the sentence before it
 * ("... arms. [1] Next"), as the composer and most LLMs write it. Bullets and lines are separate sentences.
 */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const l = line.replace(/^\s*(?:[-*•]|\d+[.)])\s+/, '').trim();
    if (!l) continue;
    const parts = l.match(/[^.!?]+(?:[.!?]+(?:\s*\[\d{1,3}\])*|$)/g) ?? [l];
    for (const p of parts) if (p.trim()) out.push(p.trim());
  }
  // Re-attach decimals and abbreviations split at a full stop ("37.5", "e.g.").
  const merged: string[] = [];
  for (const s of out) {
    const prev = merged.at(-1);
    if (prev && (/\d\.$/.test(prev) && /^\d/.test(s) || /\b(?:e\.g|i\.e|etc|approx|vs|dr|mr|mrs|ms)\.$/i.test(prev))) merged[merged.length - 1] = `${prev}${/^\d/.test(s) ? '' : ' '}${s}`;
    else merged.push(s);
  }
  return merged;
}

export const words = (s: string) => normalize(stripCitations(s)).match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];

const STOP = new Set(
  ('a an the and or but if then so of to in on at by for with from as is are was were be been being it its this that these those ' +
    'you your yours i me my we our us he she him her his they them their there here what which who whom when where why how ' +
    'do does did done not no can could should would will may might must have has had having than too very just also only ' +
    'any some all more most other such into out up down over under about after before again once each few own same both ' +
    "get got go going make made take taken see say says said tell help can't don't won't it's you're i'm").split(/\s+/),
);

/** Light stemming so "swelling" meets "swollen" rarely but "burns" meets "burn" always. */
export const stem = (w: string) => (w.length > 4 ? w.replace(/(?:ies|es|s|ing|ed|ly)$/, '') : w.replace(/s$/, ''));

/** Content words (no stop words, no one-letter words), stemmed. */
export const contentWords = (s: string): string[] => words(s).filter((w) => w.length > 1 && !STOP.has(w)).map(stem);

/** Nearest-rank percentile of a list of numbers (p in 0..100). */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export const mean = (values: number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN);

/** Rounds for reports, so results.json is stable and readable. */
export const round = (x: number, digits = 4) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);
