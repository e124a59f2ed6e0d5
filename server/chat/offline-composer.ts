import { Runnable, type RunnableConfig } from '@langchain/core/runnables';
import { stripMarkdown } from '../knowledge/ingest';
import { tokensForSearch } from '../retrieval/fts-query';
import { detectIntents, intentRule, sectionsFor, type Intent } from '../retrieval/intents';
import { isEmergent } from '../triage';
import type { AnswerInput, Source } from './types';

type Candidate = { source: Source; text: string; order: number; score: number };

/**
 * At most this many quoted sentences in a patient answer (then its "when to get help" part, at most two lines from
 * the article's help sections), and bullets in a nurse answer.
 */
export const PATIENT_SENTENCES = 5;
export const NURSE_BULLETS = 3;
/** Sentences from the first section that answers, in a patient answer. */
const PRIMARY = 4;

/**
 * Sentences and bullets of a chunk, each able to stand alone (the articles are written that way). A sentence ends at
 * ". " before a capital or a digit; a full stop inside a number ("38.5", "0.5 mL") or after an abbreviation ("e.g.")
 * does not end it, so doses, thresholds and intervals stay whole.
 */
export function sentencesOf(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/\n+/)) {
    const clean = stripMarkdown(line).replace(/\s+/g, ' ').trim();
    if (!clean) continue;
    const parts: string[] = [];
    for (const s of clean.split(/(?<=[.!?])\s+(?=[A-Z0-9"(])/)) {
      const prev = parts.at(-1);
      // "e.g. 5 mL", "approx. 3 days", "Dr. Smith": not the end of a sentence.
      if (prev && /\b(?:e\.g|i\.e|approx|vs|Dr|St|Mr|Mrs|Ms|No)\.$/i.test(prev)) parts[parts.length - 1] = `${prev} ${s}`;
      else parts.push(s);
    }
    for (const s of parts) if (s.length > 12) out.push(/[.!?]$/.test(s) ? s : `${s}.`);
  }
  return out;
}

const stem = (w: string) => w.replace(/(ing|ed|es|s)$/, '');
/** Words that say nothing about what is asked ("what", "symptoms" are in the intent; these are filler). */
const FILLER = new Set('what when which who how does do can could should would will have has had get got tell give about more please thanks'.split(' '));

/** "tell me more", "go on", "what else?": the person wants the rest of the last answer. */
export const MORE = /^\s*(?:(?:can you |could you |please )?(?:tell me|say|give me) (?:a (?:bit|little) )?more(?: (?:about (?:it|that|this)|please|info(?:rmation)?))?|more(?: please| info(?:rmation)?)?|go on|keep going|what else|anything else|and\??|continue)\s*[.!?]*\s*$/i;

/** Score values the question names ("NEWS2 0", "qSOFA 2", "CURB65 3", "total only 3"). */
export function scoreValues(question: string): number[] {
  const out: number[] = [];
  const re = /\b(?:news ?2|news|qsofa|curb[- ]?65|crb[- ]?65|centor|mcisaac|feverpain|gcs|wells(?: (?:pe|dvt))?|perc|score|total|scoring)\b(?: score| total)?(?:\s*(?:of|is|was|=|:|only)\b|\s*[=:])*\s*(\d{1,2})(?![\d/.%])/gi;
  for (const m of question.matchAll(re)) out.push(Number(m[1]));
  return out;
}

/**
 * Does a sentence state a score band that holds for this value? The number must follow a score word ("an aggregate
 * score of 7 or more", "qSOFA of 2 or more", "a score of 5 or 6", "a total of 1 to 4"), so the vital-sign cut-offs in
 * the same sentence ("8 or fewer breaths") and the rows of a points table ("respiratory rate scores 3 at 25 or more")
 * do not count.
 */
export function statesValue(sentence: string, value: number): boolean {
  const s = sentence.toLowerCase();
  const re = /\b(?:scores?|total|aggregate|news2?|qsofa|curb-?65|crb-?65|centor|mcisaac|feverpain|gcs|wells|perc)\b[a-z ]{0,14}?\b(?:of |is |at )?(\d{1,2})(?:\s*(?:or (more|above|higher|over|less|below|lower|fewer|under))|\s*(?:to|-|–|or)\s*(\d{1,2})|(\+))?(?![\d.%])(?! at\b)/g;
  for (const m of s.matchAll(re)) {
    const n = Number(m[1]);
    if (m[2]) {
      if (/more|above|higher|over/.test(m[2]) ? value >= n : value <= n) return true;
    } else if (m[3] !== undefined) {
      if (value >= n && value <= Number(m[3])) return true;
    } else if (m[4]) {
      if (value >= n) return true;
    } else if (value === n) return true;
  }
  return false;
}

/** The intents of a question; a "tell me more" takes the intents of the question before it. */
function intentsOf(input: AnswerInput): { intents: Intent[]; more: boolean; asked: string } {
  const more = MORE.test(input.question);
  const previous = [...input.history].reverse().find((h) => h.role === 'user' && !MORE.test(h.content))?.content;
  const asked = more && previous ? previous : input.question;
  return { intents: detectIntents(asked).intents, more, asked };
}

/** Sentences the assistant already said in this conversation (so "tell me more" gives the rest). */
function alreadySaid(input: AnswerInput): (text: string) => boolean {
  const said = input.history.filter((h) => h.role === 'assistant').map((h) => h.content);
  return (text) => said.some((s) => s.includes(text.slice(0, 60)));
}

/** Sections to answer from, best first, when the question names no intent. */
function defaultSections(audience: AnswerInput['audience'], emergent: boolean, informational: boolean): string[] {
  if (audience === 'nurse') return ['Actions', 'Assessment', 'Red flags', 'Escalation'];
  if (emergent) return ['Self-care', 'What it is'];
  return informational ? ['What it is', 'Common symptoms', 'Self-care'] : ['Self-care', 'What it is', 'Treatment'];
}

/**
 * The deterministic, grounded answer: the asked fact first, from the section of the best article that the question's
 * intent asks for ("what causes" -> Causes, "how often obs" -> the sentence with the interval), each sentence quoted
 * and cited; then, for patients, when to get help; then what else the article can tell. At most 5 sentences for a
 * patient and 3 bullets for a nurse. Invents nothing: every sentence is quoted whole from a source.
 */
export function composeAnswer(input: AnswerInput): string {
  const { sources, triage, audience } = input;
  if (!sources.length) return input.calculation?.text ?? '';
  const emergent = isEmergent(triage.level);
  const { intents, more, asked } = intentsOf(input);
  const said = alreadySaid(input);
  // With a calculator's result, the measurements in the question are its business: the answer quotes the band for
  // the score, not the table rows the numbers happen to match.
  const terms = new Set(tokensForSearch(asked).filter((w) => !FILLER.has(w) && !(input.calculation && /^\d/.test(w))).map(stem));
  for (const f of triage.findings) if (f.present || f.context === 'question') tokensForSearch(f.name).forEach((t) => terms.add(stem(t)));
  const wanted = intents.length ? sectionsFor(intents, audience) : defaultSections(audience, emergent, triage.informational);
  // Emergencies: first aid first, whatever was asked.
  if (emergent && audience === 'patient' && !wanted.includes('Self-care')) wanted.unshift('Self-care');
  const facts = intents.map((i) => intentRule(i).fact).filter((f): f is RegExp => Boolean(f));
  const values = [...scoreValues(asked), ...(input.calculation?.value !== undefined ? [input.calculation.value] : [])];
  const top = sources[0].articleId;

  // Each sentence of the sources, with its words; a question word found in few of them says more (local idf).
  const raw: { source: Source; text: string; words: string[]; rank: number; i: number }[] = [];
  sources.forEach((source, rank) => {
    if (source.section === 'Summary') return;
    sentencesOf(source.text).forEach((text, i) => {
      if (!(more && said(text))) raw.push({ source, text, words: tokensForSearch(text).map(stem), rank, i });
    });
  });
  const df = new Map<string, number>();
  for (const r of raw) for (const w of new Set(r.words)) if (terms.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + raw.length / (1 + (df.get(t) ?? 0)));
  const askedWords = tokensForSearch(asked).map(stem);
  const pairs = new Set(askedWords.slice(1).map((w, k) => `${askedWords[k]} ${w}`));
  // The section the question asks for counts more when it asked for one; a nurse's shorthand says more by its words.
  const sectionWeight = audience === 'nurse' ? (intents.length ? 1.5 : 0.5) : 2;
  const candidates: Candidate[] = [];
  for (const r of raw) {
    const words = new Set(r.words);
    let overlap = 0;
    let shared = 0;
    for (const t of terms) if (words.has(t)) (overlap += idf(t)), shared++;
    // Two question words side by side in the sentence ("sepsis six", "red features") count again.
    for (let k = 1; k < r.words.length; k++) if (pairs.has(`${r.words[k - 1]} ${r.words[k]}`)) overlap += 1;
    // Another article's sentence must share real words with the question, not just sit in a likely section.
    if (r.source.articleId !== top && shared < 2) continue;
    const sectionRank = wanted.indexOf(r.source.section);
    let score = overlap + (sectionRank >= 0 ? sectionWeight * (2 - Math.min(sectionRank, 3) * 0.5) : 0) + 2 / r.source.n - r.i * 0.15 - Math.max(0, r.text.length - 260) / 200;
    // The asked fact: a dose, a threshold or an interval, and the band of a score the question gives.
    if (facts.some((f) => f.test(r.text))) score += 3;
    if (values.some((v) => statesValue(r.text, v))) score += 4;
    candidates.push({ source: r.source, text: r.text, order: r.rank * 1000 + r.i, score });
  }
  const best = (pool: Candidate[]) => [...pool].sort((a, b) => b.score - a.score);
  const isHelp = (s: string) => s === 'When to get urgent help' || s === 'When to get an appointment' || s === 'Escalation';
  const cite = (c: Candidate) => `${c.text} [${c.source.n}]`;

  if (audience === 'nurse') {
    const lines: string[] = [];
    if (input.calculation) lines.push(`- ${input.calculation.text}`);
    const room = NURSE_BULLETS - lines.length;
    const picked: Candidate[] = [];
    const escalation = best(candidates.filter((c) => c.source.section === 'Escalation'))[0];
    if (escalation && triage.redFlags.length && !intents.length) picked.push(escalation);
    for (const c of best(candidates)) {
      if (picked.length >= room) break;
      if (!picked.some((p) => p.text === c.text)) picked.push(c);
    }
    // The asked fact first, then in the order of the guideline.
    const [first, ...rest] = picked;
    lines.push(...[first, ...rest.sort((a, b) => a.order - b.order)].filter(Boolean).map((c) => `- ${cite(c)}`));
    const named = [...new Map(picked.map((c) => [c.source.n, c.source])).values()].map((s) => `[${s.n}] ${s.sourceName}`);
    const offer = moreOffer(sources, top, picked, wanted, 'nurse');
    return [lines.join('\n'), named.length ? `Based on: ${named.join('; ')}.` : '', offer].filter(Boolean).join('\n\n');
  }

  // Patients: the answer is at most 5 sentences, the asked fact first: up to 4 from the first of the top article's
  // wanted sections that has any, then one from a second article that also answers (or the next wanted section).
  // Then the article's "when to get help" part (the urgent line, and the appointment line when the level allows),
  // which the design asks of every patient answer. "When should I see a doctor?" is answered by the help sections
  // themselves, then by what the question also asks.
  const helpAsked = intents[0] === 'when_to_get_help';
  const sections = helpAsked ? [...new Set([...wanted, ...defaultSections('patient', emergent, true)])] : wanted;
  const picked: Candidate[] = [];
  // A fact asked by number (a dose, a threshold, an interval) comes first, from whichever wanted section states it.
  const fact = facts.length ? best(candidates.filter((c) => c.source.articleId === top && sections.includes(c.source.section) && facts.some((f) => f.test(c.text))))[0] : undefined;
  if (fact) picked.push(fact);
  for (const section of sections) {
    if (picked.length >= PRIMARY) break;
    const pool = best(candidates.filter((c) => c.source.articleId === top && c.source.section === section && !picked.includes(c)));
    const n = helpAsked && isHelp(section) ? 1 : picked.length && !helpAsked ? 1 : PRIMARY - picked.length;
    for (const c of pool.slice(0, Math.max(0, Math.min(n, PRIMARY - picked.length)))) picked.push(c);
  }
  if (!picked.length) picked.push(...best(candidates.filter((c) => !isHelp(c.source.section))).slice(0, PRIMARY));
  const other = best(candidates.filter((c) => c.source.articleId !== top && !isHelp(c.source.section) && !picked.includes(c)))[0];
  if (other && !helpAsked) {
    if (picked.length >= PATIENT_SENTENCES) picked.pop();
    picked.push(other);
  }
  // The rest: the top article's best remaining sentences, whatever their section (the wanted ones score higher).
  for (const c of best(candidates.filter((c) => c.source.articleId === top && !picked.includes(c) && (helpAsked || !isHelp(c.source.section))))) {
    if (picked.length >= PATIENT_SENTENCES) break;
    picked.push(c);
  }
  const help = (section: string) => best(candidates.filter((c) => c.source.articleId === top && c.source.section === section && !picked.includes(c)))[0];
  const helpLines = helpAsked
    ? []
    : [emergent || triage.level === 'consultation_24' ? undefined : help('When to get an appointment'), help('When to get urgent help')].filter((c): c is Candidate => Boolean(c));

  const [first, ...rest] = picked;
  const body = [first, ...rest.sort((a, b) => a.order - b.order)].filter(Boolean).map(cite).join(' ');
  const parts = [triage.informational || !triage.findings.some((f) => f.present) ? '' : 'Thank you for telling me.', body];
  if (helpLines.length) parts.push(`When to get help: ${[...helpLines].sort((a, b) => a.order - b.order).map(cite).join(' ')}`);
  parts.push(moreOffer(sources, top, [...picked, ...helpLines], wanted, 'patient'));
  return parts.filter(Boolean).join('\n\n');
}

/** What else the top article covers, offered as a question: the person can ask, or say "tell me more". */
const ABOUT_SECTION: Record<string, string> = {
  'What it is': 'what it is',
  'Common symptoms': 'symptoms',
  Causes: 'causes',
  'Who is at risk': 'who is at risk',
  'Tests and diagnosis': 'tests',
  Treatment: 'treatment',
  'Side effects': 'side effects',
  'Who should not use it': 'who should not use it',
  'Self-care': 'what you can do yourself',
  Prevention: 'prevention',
  Complications: 'complications',
  Outlook: 'the outlook',
  Assessment: 'assessment',
  'Red flags': 'red flags',
  Actions: 'actions',
  Escalation: 'escalation',
};
function moreOffer(sources: Source[], top: string, used: Candidate[], wanted: string[], audience: AnswerInput['audience']): string {
  const usedSections = new Set(used.map((c) => c.source.section));
  const rest = [...new Set(sources.filter((s) => s.articleId === top && s.section !== 'Summary').map((s) => s.section))].filter(
    (s) => !usedSections.has(s) && !wanted.slice(0, 1).includes(s) && ABOUT_SECTION[s] && !s.startsWith('When to get'),
  );
  if (!rest.length) return '';
  const names = rest.slice(0, 4).map((s) => ABOUT_SECTION[s]);
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0];
  return audience === 'nurse' ? `Say "tell me more" for the rest of the guideline (${list}).` : `Ask me about ${list}, or say "tell me more".`;
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
