import { fleschKincaid } from 'flesch-kincaid';
import { syllable } from 'syllable';
import { sentences, stripCitations } from '../text';
import type { ScoreResult } from './types';

/** Plain text of Markdown: no front matter, headings markers, links, emphasis or citation markers. */
export const plainText = (md: string) =>
  stripCitations(md)
    .replace(/^---[\s\S]*?\n---\n/, '')
    .replace(/^#+\s+(.*)$/gm, '$1.')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/[*_`>|]/g, '');

/** Flesch-Kincaid grade of a text (NaN for empty text). */
export function fkGrade(text: string): number {
  const plain = plainText(text);
  const ws = plain.match(/[A-Za-z]+(?:'[a-z]+)?|\d+(?:\.\d+)?/g) ?? [];
  const sentence = sentences(plain).filter((s) => /[A-Za-z]/.test(s)).length;
  const syl = ws.reduce((a, w) => a + (/^\d/.test(w) ? 1 : Math.max(1, syllable(w))), 0);
  return fleschKincaid({ sentence, word: ws.length, syllable: syl });
}

/** Patient replies should read at grade 9 or below. */
export function scoreReadability(reply: string, maxGrade = 9): ScoreResult<{ grade: number }> {
  const grade = fkGrade(reply);
  if (!Number.isFinite(grade)) return { pass: true, score: 1, reason: 'no text', skipped: true };
  const g = Math.round(grade * 10) / 10;
  return {
    pass: grade <= maxGrade,
    score: Math.max(0, Math.min(1, 1 - (grade - maxGrade) / 10)),
    reason: `Flesch-Kincaid grade ${g} (${grade <= maxGrade ? '<=' : '>'} ${maxGrade})`,
    details: { grade: g },
  };
}
