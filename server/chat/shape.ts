import type { DialogueAct } from '../contracts/chat';
import { isEmergent, type TriageResult } from '../triage';
import { softens } from './offline-composer';

/** A patient reply stays under this many words unless the person asked for more ("tell me more"). */
export const MAX_REPLY_WORDS = 120;
/** The short reminder every non-emergency health reply ends with. */
export const NOT_A_DIAGNOSIS = 'This is general information, not a diagnosis.';

export type FrameOptions = {
  /** The kind of turn (a symptom report gets the level's advice; a health question does not). */
  act?: DialogueAct;
  /** The one question this reply asks (shown once, at the end). */
  question?: string | null;
  /** The crisis line, for thoughts of suicide or self-harm. */
  crisis?: string | null;
  /** "Tell me more": no word limit. */
  expand?: boolean;
  /** The body is health content (a disclaimer follows it); false for greetings, clinic answers and the like. */
  health?: boolean;
  /** Lead (or, for self-care, follow) with the level's advice: a symptom report or "should I come in?". */
  advice?: boolean;
};

/** Words a person reads (citation markers left out). */
export const wordCount = (text: string) => (text.replace(/\[\d{1,3}\]/g, '').match(/[A-Za-z0-9]+(?:['’][A-Za-z]+)?/g) ?? []).length;

/** Sentences of one paragraph; a citation marker stays with the sentence before it. */
function sentencesOf(paragraph: string): string[] {
  return paragraph.split(/(?<=[.!?](?:\s*\[\d{1,3}\])*)\s+(?=[A-Z0-9"(])/).filter((s) => s.trim());
}
const key = (s: string) => s.replace(/\[\d{1,3}\]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

/**
 * The patient reply, shaped by the level (the rules):
 * - an emergency is the instruction first, then only what to do while waiting (nothing that softens it: no home
 *   care, no appointments), the crisis line when it applies;
 * - a symptom report that is not an emergency: self-care leads with what to do, then when to get help (the level's
 *   advice); a consultation leads with the advice (what to do is to see someone), then what it could be about;
 * - any reply in a conversation that is in an emergency starts with the instruction;
 * - the question, once, at the end; then "not a diagnosis" for health content (not in an emergency);
 * - no sentence twice, and under MAX_REPLY_WORDS words unless "tell me more": body sentences go from the end first,
 *   never the instruction, the crisis line, the advice or the question.
 */
export function framePatientReply(body: string, triage: TriageResult, options: FrameOptions = {}): string {
  const act = options.act ?? 'symptoms';
  const emergent = isEmergent(triage.level);
  const report = act === 'symptoms' || act === 'answer';
  const advice = options.advice ?? report;
  const lead: string[] = [];
  const tail: string[] = [];
  if (emergent) lead.push(triage.advice);
  if (options.crisis) lead.push(options.crisis);
  let paragraphs = body
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean);
  // Nothing that softens an emergency, whoever wrote the body.
  if (emergent && report) {
    paragraphs = paragraphs.map((p) => sentencesOf(p).filter((s) => !softens(s)).join(' ')).filter((p) => p && !/^(ask me about|when to get help:?)$/i.test(p.trim()));
    paragraphs = paragraphs.filter((p) => !/^Ask me about /.test(p));
  }
  if (!emergent && advice) {
    // Self-care: what to do leads, then the advice (which says when to see someone).
    if (triage.level === 'self_care') tail.push(triage.advice);
    else lead.push(triage.advice);
  }
  if (options.question) tail.push(options.question);
  if (options.health !== false && !emergent && (paragraphs.length || advice)) tail.push(NOT_A_DIAGNOSIS);

  // No sentence twice: the frame's own lines first, then the body's.
  const seen = new Set<string>();
  const unique = (p: string) =>
    sentencesOf(p)
      .filter((s) => {
        const k = key(s);
        if (!k || seen.has(k)) return false;
        seen.add(k);
        return true;
      })
      .join(' ');
  const fixedLead = lead.map(unique).filter(Boolean);
  const fixedTail = tail.map(unique).filter(Boolean);
  let bodyParts = paragraphs.map(unique).filter(Boolean);
  const compose = () => [...fixedLead, ...bodyParts, ...fixedTail].join('\n\n');
  if (options.expand) return compose();

  // Over the limit: the offer of more goes first, then body sentences from the end (the help line last), keeping
  // at least one.
  const over = () => wordCount(compose()) > MAX_REPLY_WORDS;
  if (over()) bodyParts = bodyParts.filter((p) => !/^Ask me about /.test(p));
  while (over()) {
    const sentences = bodyParts.map((p) => sentencesOf(p));
    const total = sentences.reduce((a, s) => a + s.length, 0);
    if (total <= 1) break;
    // Drop from the last non-help paragraph with more than one sentence, else from the help paragraph.
    let idx = sentences.map((s, i) => ({ s, i })).reverse().find(({ s, i }) => s.length > 1 && !/^When to get help:/.test(bodyParts[i]))?.i;
    if (idx === undefined) idx = sentences.map((s, i) => ({ s, i })).reverse().find(({ s }) => s.length > 1)?.i;
    if (idx === undefined) {
      // One sentence per paragraph: drop the last paragraph.
      bodyParts = bodyParts.slice(0, -1);
      continue;
    }
    sentences[idx].pop();
    bodyParts = sentences.map((s) => s.join(' ')).filter(Boolean);
  }
  return compose();
}
