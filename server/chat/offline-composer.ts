import { Runnable, type RunnableConfig } from '@langchain/core/runnables';
import { stripMarkdown } from '../knowledge/ingest';
import { GENERIC_WORDS } from '../retrieval';
import { tokensForSearch } from '../retrieval/fts-query';
import { isEmergent } from '../triage';
import type { AnswerInput, Source } from './types';

type Candidate = { source: Source; text: string; order: number; score: number };

/** Sentences and bullets of a chunk, each able to stand alone (the articles are written that way). */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const clean = stripMarkdown(line).replace(/\s+/g, ' ').trim();
    if (!clean) continue;
    for (const s of clean.split(/(?<=[.!?])\s+(?=[A-Z0-9"(])/)) if (s.length > 12) out.push(/[.!?]$/.test(s) ? s : `${s}.`);
  }
  return out;
}

const stem = (w: string) => w.replace(/(ing|ed|es|s)$/, '');

/** What the question is after, as a bonus per section heading. */
function sectionBonus(question: string, audience: AnswerInput['audience'], emergent: boolean, informational: boolean): Record<string, number> {
  const q = question.toLowerCase();
  const b: Record<string, number> = {};
  const add = (section: string, n: number) => (b[section] = (b[section] ?? 0) + n);
  if (/\b(treat|treatment|help|helps|relieve|ease|soothe|home|remedy|remedies|take|manage|cure|get rid|look after|care for|what (can|should) i do|tips)\b/.test(q)) {
    add('Self-care', 3);
    add('Actions', 2);
  }
  if (/\b(when should|do i need|should i (see|go|worry|call)|is it serious|worried|worry|urgent|emergency|see a doctor|go to)\b/.test(q)) {
    add('When to get urgent help', 2);
    add('When to get an appointment', 2);
    add('Escalation', 2);
  }
  if (/\b(what is|what are|whats|what's|cause|causes|why|mean)\b/.test(q)) add('What it is', 2);
  if (/\b(symptom|symptoms|signs?|how do i know|tell if|look like|recogni[sz]e)\b/.test(q)) {
    add('Common symptoms', 2);
    add('Red flags', 2);
    add('Assessment', 1);
  }
  if (/\bred flags?\b/.test(q)) add('Red flags', 3);
  if (/\bescalat|refer|call\b/.test(q)) add('Escalation', 2);
  if (/\bassess|score|scoring|observations?|obs\b/.test(q)) add('Assessment', 2);
  if (/\bmanage|management|action|first[- ]line|treat|give|dose|fluids?\b/.test(q)) add('Actions', 2);
  if (emergent) add('When to get urgent help', 3);
  if (audience === 'patient' && !informational) {
    add('Self-care', 1);
    add('When to get urgent help', 0.5);
  }
  add('Summary', 0.5);
  return b;
}

/** Which sections of the best article answer this kind of question, and how many sentences from each. */
export function sectionQuotas(question: string, audience: AnswerInput['audience'], emergent: boolean, informational: boolean): { section: string; n: number }[] {
  const q = question.toLowerCase();
  // Nurse questions span sections (assessment and actions together): scoring alone does better there (eval).
  if (audience === 'nurse') return [];
  if (emergent) return [{ section: 'Self-care', n: 3 }];
  if (/\b(treat|treatment|help|helps|relieve|ease|soothe|home|remed|take|manage|cure|get rid|look after|care for|what (can|should) i do|tips|stop|prevent)\b/.test(q)) {
    return [{ section: 'Self-care', n: 4 }];
  }
  if (/\b(symptoms?|signs?|how do i know|tell if|look like|recogni[sz]e)\b/.test(q)) return [{ section: 'Common symptoms', n: 3 }, { section: 'What it is', n: 1 }];
  if (/\b(what is|what are|whats|cause|causes|why|mean)\b/.test(q)) {
    return [{ section: 'What it is', n: 2 }, { section: 'Common symptoms', n: 1 }, { section: 'Self-care', n: 1 }];
  }
  if (informational) return [{ section: 'What it is', n: 1 }, { section: 'Self-care', n: 2 }];
  return [{ section: 'Self-care', n: 3 }, { section: 'What it is', n: 1 }];
}

/**
 * The deterministic, grounded answer: the sentences of the retrieved chunks that best match the question
 * (word overlap, the section the question is after, the source's rank), each cited, plus the article's advice on
 * when to get help. Invents nothing: every sentence is quoted from a source.
 */
export function composeAnswer(input: AnswerInput): string {
  const { sources, triage, audience } = input;
  if (!sources.length) return '';
  const emergent = isEmergent(triage.level);
  const terms = new Set(tokensForSearch(input.question).filter((w) => !GENERIC_WORDS.has(w)).map(stem));
  for (const f of triage.findings) if (f.present || f.context === 'question') tokensForSearch(f.name).forEach((t) => terms.add(stem(t)));
  const bonus = sectionBonus(input.question, audience, emergent, triage.informational);

  const candidates: Candidate[] = [];
  sources.forEach((source, rank) => {
    sentencesOf(source.text).forEach((text, i) => {
      const words = new Set(tokensForSearch(text).map(stem));
      let overlap = 0;
      for (const t of terms) if (words.has(t)) overlap++;
      // Another article's sentence must share real words with the question, not just sit in a likely section.
      if (rank > 0 && source.articleId !== sources[0].articleId && overlap < 2) return;
      const score = overlap * 1.2 + (bonus[source.section] ?? 0) + 2 / (rank + 1) - i * 0.05 - Math.max(0, text.length - 220) / 200;
      candidates.push({ source, text, order: rank * 1000 + i, score });
    });
  });

  const isHelpSection = (s: string) => s === 'When to get urgent help' || s === 'When to get an appointment' || s === 'Escalation';
  const picked: Candidate[] = [];
  const perArticle = new Map<string, number>();
  // First what the question asks for, from the best article's matching sections (its best sentences there);
  // then the best remaining sentences overall.
  const top = sources[0].articleId;
  for (const { section, n } of sectionQuotas(input.question, audience, emergent, triage.informational)) {
    const pool = candidates.filter((c) => c.source.articleId === top && c.source.section === section).sort((a, b) => b.score - a.score);
    for (const c of pool.slice(0, n)) {
      if (picked.length >= 5 || picked.some((p) => p.text === c.text)) continue;
      picked.push(c);
      perArticle.set(top, (perArticle.get(top) ?? 0) + 1);
    }
  }
  // Keep room for a second article that also answers (it passed the stricter overlap test above).
  const other = candidates
    .filter((c) => c.source.articleId !== top && !(audience === 'patient' && isHelpSection(c.source.section)))
    .sort((a, b) => b.score - a.score)[0];
  if (other) {
    if (picked.length >= 5) picked.pop();
    picked.push(other);
    perArticle.set(other.source.articleId, 1);
  }
  for (const c of [...candidates].sort((a, b) => b.score - a.score)) {
    if (picked.length >= 5) break;
    if (audience === 'patient' && isHelpSection(c.source.section)) continue;
    const n = perArticle.get(c.source.articleId) ?? 0;
    if (n >= 5 || picked.some((p) => p.text === c.text)) continue;
    picked.push(c);
    perArticle.set(c.source.articleId, n + 1);
  }
  picked.sort((a, b) => a.order - b.order);

  const cite = (c: Candidate) => `${c.text} [${c.source.n}]`;
  if (audience === 'nurse') {
    const lines = picked.map((c) => `- ${cite(c)}`);
    const escalation = candidates.filter((c) => c.source.section === 'Escalation' && !picked.includes(c)).sort((a, b) => b.score - a.score)[0];
    if (escalation && triage.redFlags.length) lines.unshift(`- Escalation: ${cite(escalation)}`);
    const named = [...new Map(picked.map((c) => [c.source.n, c.source])).values()].map((s) => `[${s.n}] ${s.sourceName}`);
    return `${lines.join('\n')}\n\nBased on: ${named.join('; ')}.`;
  }

  // Patients always hear when to get help: from the top article's urgent section when the level is urgent,
  // otherwise one line on booking an appointment and one on urgent help.
  const help = (section: string) =>
    candidates.filter((c) => c.source.articleId === top && c.source.section === section).sort((a, b) => b.score - a.score)[0];
  const helpLines = [emergent || triage.level === 'consultation_24' ? undefined : help('When to get an appointment'), help('When to get urgent help')]
    .filter((c): c is Candidate => Boolean(c))
    .map(cite);

  const intro = triage.informational
    ? 'Here is what our clinic library says.'
    : 'Thank you for telling me. Here is what our clinic library says that may help.';
  const parts = [intro, picked.map(cite).join(' ')];
  if (helpLines.length) parts.push(`When to get help: ${helpLines.join(' ')}`);
  return parts.filter(Boolean).join('\n\n');
}

/** Splits text into word-sized pieces for streaming, keeping spaces so the pieces join back exactly. */
export function streamPieces(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** The offline model behind the same LangChain interface as the LLM chain: `invoke` and `stream`. */
export class OfflineComposer extends Runnable<AnswerInput, string> {
  lc_namespace = ['careline', 'chat'];

  static override lc_name() {
    return 'OfflineComposer';
  }

  override async invoke(input: AnswerInput, options?: Partial<RunnableConfig>): Promise<string> {
    return this._callWithConfig(async (i: AnswerInput) => composeAnswer(i), input, options);
  }

  override async *_streamIterator(input: AnswerInput): AsyncGenerator<string> {
    for (const piece of streamPieces(composeAnswer(input))) yield piece;
  }
}
