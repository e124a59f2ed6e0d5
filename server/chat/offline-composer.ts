import { stripMarkdown } from '../knowledge/ingest';
import { STOPWORDS, tokensForSearch } from '../retrieval/fts-query';
import { detectIntents, DOSE_FACT, DOSE_INTERVAL, intentCueWords, intentRule, sectionsFor, type Intent } from '../retrieval/intents';
import { isEmergent, levelRank } from '../triage';
import type { Shorthand } from '../knowledge/schema';
import { LruCache } from '../lru-cache';
import { cutoffFit, readingsIn } from './numbers';
import type { AnswerInput, ReplyShape, Source } from './types';

/** `hits`: the question's words the sentence uses, with their weight (for covering a question of several parts). */
/** `forWho`: the line names who the person said it is for (whoTerms). */
type Candidate = { source: Source; text: string; order: number; score: number; overlap: number; hits?: Map<string, number>; reason?: Map<string, number>; forWho?: boolean };

/**
 * Plain questions whose words the articles do not use: "is it contagious?" is answered by the sentence that says
 * how long someone is infectious, "can she go back to school?" by the one about staying off school.
 */
const ASKED_AS: [RegExp, string[]][] = [
  [/\b(contagious|catching|infectious|spread|pass it on|catch it|give it to)\b/i, ['infectious', 'spread', 'spreads', 'catch', 'contagious']],
  [/\b(school|nursery|work|daycare|childcare|off school|go back)\b/i, ['school', 'nursery', 'work', 'stay', 'away', 'infectious']],
  [/\b(how long|last|lasts|go away|get better|back to normal|grow out of|get over|recover)\b/i, ['days', 'weeks', 'week', 'months', 'better', 'last', 'lasts', 'recovery', 'recover']],
  // "can you get it twice?": the line that says most people get it once, or that it can come back.
  [/\b(twice|more than once|again)\b/i, ['once', 'again', 'back']],
  // "can you have it and not know?": the line that says it can be present without symptoms.
  [/\b(not know|without knowing|symptomless|no symptoms)\b/i, ['without', 'symptoms', 'always']],
  // "what problems can it cause long term?": what high levels "over many years" damage.
  [/\b(long ?term|in the long run|over time|later in life)\b/i, ['years', 'long-term', 'damage']],
  [/\b(die|dying|fatal|deadly|kill|kills)\b/i, ['fatal', 'life-threatening', 'serious', 'die', 'death']],
  // "why do they want me on blood thinners?": the line that gives the reason ("because blood clots can form").
  [/\bwhy (do|does|did|would|am|is|are|have|has)\b/i, ['because', 'risk', 'prevent', 'lower', 'reduce']],
  // "I live on my own, is that a problem?": the line that says someone should stay with the person.
  [/\b(on my own|on his own|on her own|by myself|live alone|living alone|be alone|home alone|nobody (at home|with me)|no one (at home|with me))\b/i, ['stay', 'stays', 'adult', 'someone', 'alone']],
  // "am I ok to drive?": the driving line, said with the licensing body's name.
  [/\b(drive|driving|drove)\b/i, ['drive', 'driving', 'dvla', 'driver']],
];

/**
 * At most this many quoted sentences in a patient answer (then its "when to get help" part, at most two lines from
 * the article's help sections), and bullets in a nurse answer.
 */
export const PATIENT_SENTENCES = 5;
/** Stems that a dose line shares with any dose question: the route, the weight, the unit. */
const GENERIC_DOSE_WORDS = /^(?:intraven\w*|intramuscul\w*|subcutan\w*|oral\w*|iv|im|sc|po|kg|\d+kg|weight|weigh|mg|dose|dos|adult|patient|pt)$/;
/** The kinds of fact whose section opens with the general answer (causes, who is at risk, tests ...). */
const LEAD_ANSWERS = new Set<Intent>(['causes', 'risk', 'tests', 'treatment', 'prevention', 'outlook', 'complications', 'symptoms']);
/** Within the word limit, a short sentence that answers leaves room for another fact: a small cost per word. */
const LEN_PENALTY = 0.1;
/**
 * Self-care advice asked for after a report ("it's red and stinging, what do I do?"): the share of a sentence's word
 * overlap that counts (the person's description echoes some steps by chance), and what each later place in the
 * article's list costs (the articles list the first steps first).
 */
const ECHO_WEIGHT = 0.3;
const SELF_CARE_ORDER = 0.4;
/** What a sentence that states the interval gets in a dose answer (the dose itself gets 3). */
const COMPANION_WEIGHT = 1.5;
export const NURSE_BULLETS = 3;
/**
 * The two sides of a comparison ("cat 1 vs cat 2 pressure ulcer?", "is it thrombolysis or thrombectomy?"): the words
 * each side has that the other does not (stemmed as the sentences' words are), or undefined.
 */
export function comparedSides(question: string): [string[], string[]] | undefined {
  const last = question.split(/(?<=[.!?])\s+/).filter(Boolean).at(-1) ?? '';
  const m = /^(.*?)\b(?:vs\.?|versus|compared (?:to|with)|or)\s+(.+?)\s*\??\s*$/i.exec(last);
  if (!m) return undefined;
  const words = (t: string) => tokensForSearch(t).map(stem);
  // As many words on each side as the shorter side has, at most three: "cat 1" vs "cat 2" (not "cat 2 pressure").
  const k = Math.min(3, words(m[1]).length, words(m[2]).length);
  const a = words(m[1]).slice(-k || undefined);
  const b = words(m[2]).slice(0, k);
  const onlyA = a.filter((w) => !b.includes(w));
  const onlyB = b.filter((w) => !a.includes(w));
  return onlyA.length && onlyB.length ? [onlyA, onlyB] : undefined;
}
/** A nurse asking how soon: whether it can wait, or must be today. */
const WAIT_ASKED = /\b(?:go in today|(?:seen|go|come|sent) (?:in )?today|can (?:it|this|that|he|she|they) wait|wait (?:till|until) (?:tomorrow|the morning|monday)|leave (?:it|him|her|them) (?:till|until))\b/i;
/** A question that asks which category, group or grade a patient is in ("is this high risk sepsis?", "which risk group?"). */
const CATEGORY_ASKED = /\b(?:risk (?:group|category|level|band|stratification)|where (?:does|do|would|will) (?:that|this|it|he|she|they|the \w+) (?:sit|fall|fit|come|land|put)|which (?:risk|category|group|band|grade)|what (?:risk|category|band|grade|severity)|(?:is|are) (?:this|it|that|she|he|they|the \w+) (?:high|moderate|medium|low|intermediate)[ -]risk|how (?:severe|serious) is (?:this|it)|(?:mild|moderate|severe|life[ -]threatening) or (?:mild|moderate|severe|life[ -]threatening))\b/i;
/** The grade a guide's line states. */
const GRADE = /\b(?:high|moderate|medium|low|intermediate)[ -]risk|\b(?:moderate|severe|life[ -]threatening|acute severe)\b/i;
const gradeOf = (s: string) => s.toLowerCase().replace(/[ -]+/g, ' ').replace(/^medium\b/, 'moderate').replace(/[^a-z ]/g, '');
/** What a guide's red-flag line points to: "... is a red flag for spinal metastases or MSCC". */
const RED_FLAG_FOR = /\bred flags? for (?:an? |the )?([^.;]+)/i;
/** An action with its time: a deadline ("within 1 hour") first, then "immediately", "without delay". */
const ACTION_WITHIN = /\bwithin \d+\s*(?:minutes?|hours?|mins?|h)\b/i;
const ACTION_TIME = /\bwithin \d+\s*(?:minutes?|hours?|mins?|h)\b|\bimmediate(?:ly)?\b|\bwithout delay\b|\bnow\b/i;
/** How much of a question word's weight a further nurse bullet loses when an earlier bullet already says that word. */
const REPEAT_DISCOUNT = 0.3;
/** A sentence whose cut-off is for a measurement the question gives ("below 94%" for "sats 96%"). */
const CUTOFF_WEIGHT = 1.5;
/** The share of its weight a word counts with when triage inferred it (the emergency it names), not the nurse. */
const INFERRED_WEIGHT = 0.5;
/** Small counts as the guides spell them in names ("Sepsis Six"); "1" is left out ("one" is in too many sentences). */
const NUMBER_WORDS: Record<string, string> = { 2: 'two', 3: 'three', 4: 'four', 5: 'five', 6: 'six', 7: 'seven', 8: 'eight', 9: 'nine', 10: 'ten', 11: 'eleven', 12: 'twelve' };
/** What a patient article's sentence gives up in a nurse answer whose sources include a nurse guide. */
const PATIENT_LINE_FOR_NURSE = 3;
/** What a nurse's sentence gives up when it is for another age group than the patient's (an adult line for a 3yo). */
const OTHER_AGE_FOR_NURSE = 3;
const ADULT_WORDS = /\b(?:adults?|aged 16 or over|16 (?:years )?(?:and|or) over|over 16s?|people over 16)\b/i;
const CHILD_WORDS = /\b(?:child(?:ren)?|bab(?:y|ies)|infants?|under 5s?|under 16s?|paediatric|toddlers?|young people)\b/i;
/**
 * The age group a line is for, from the line or its guide's title ("Sepsis screening for nurses (adults)", "Fever in
 * children under 5"): undefined when it says both or neither.
 */
export function ageGroupOf(text: string, title: string): 'adult' | 'child' | undefined {
  const of = (t: string) => (ADULT_WORDS.test(t) && !CHILD_WORDS.test(t) ? 'adult' : CHILD_WORDS.test(t) && !ADULT_WORDS.test(t) ? 'child' : undefined);
  return of(text) ?? of(title);
}
/**
 * How much higher a line of another asked section must score (its section already counts less) to come before the
 * best line of the first one.
 */
const STRONGER_LINE = 1;
/** At most this many of the sources' sentences use a word that says something specific ("contagious", not "joint"); set on the development suites. */
const RARE_LINES = 6;
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

/**
 * The sentences of a source chunk with their stemmed words. The same chunks come back turn after turn (every section
 * of the article a report is about), and splitting and tokenising them was a fifth of the composer's time. A memo of
 * a pure function of the text, bounded (the shipped library has about 2,000 chunks): nothing else is kept.
 */
type SentenceWords = {
  text: string;
  words: readonly string[];
  /** The same words as a set, and each two side by side ("sepsis six"): what every question compares them with. */
  set: ReadonlySet<string>;
  pairs: readonly string[];
};
const sentenceWords = new LruCache<string, readonly SentenceWords[]>(2048);
function sentenceWordsOf(chunk: string): readonly SentenceWords[] {
  let out = sentenceWords.get(chunk);
  if (!out) {
    out = sentencesOf(chunk).map((text) => {
      const words = tokensForSearch(text).map(stem);
      return { text, words, set: new Set(words), pairs: words.slice(1).map((w, k) => `${words[k]} ${w}`) };
    });
    sentenceWords.set(chunk, out);
  }
  return out;
}

// "bruise", "bruises", "bruising" and "bruised" are one word (the final e of a longer word goes with the ending);
// "weak" and "weakness" too (the noun of a quality).
export const stem = (w: string) => w.replace(/(?<=....)ness$/, '').replace(/(?<=[rl]n)t$/, '').replace(/(ing|ed|es|s)$/, '').replace(/(?<=.....)e$/, '').replace(/(?<=....)(?:eal|ial|al|ous|ic|ary)$/, '');
/** Words that say nothing about what is asked ("what", "symptoms" are in the intent; these are filler). */
const FILLER = new Set('what when which who how does do can could should would will have has had get got tell give about more please thanks havent hasnt didnt doesnt done youve youre weve theyve shes hes thats whats isnt arent wont cant'.split(' '));
/** Stems of words that say nothing whatever their ending ("helps" is "help", a stop word). */
const FILLER_STEMS = new Set([...STOPWORDS, ...FILLER].map(stem));

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
    // "a GCS below 15", "qSOFA less than 2": a bound before the number, not the value itself.
    const bound = /\b(below|under|less than|lower than|fewer than|above|over|more than|greater than|higher than|at least)\s+(?:of |is |at )?\d{1,2}$/.exec(m[0].replace(/(\d{1,2}).*$/, '$1'))?.[1];
    if (bound) {
      if (bound === 'at least' ? value >= n : /below|under|less|lower|fewer/.test(bound) ? value < n : value > n) return true;
      continue;
    }
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
function intentsOf(input: AnswerInput): { intents: Intent[]; asks: Intent[]; more: boolean; asked: string } {
  const more = MORE.test(input.question);
  const previous = [...input.history].reverse().find((h) => h.role === 'user' && !MORE.test(h.content))?.content;
  const asked = more && previous ? previous : input.question;
  // A follow-up read with the conversation's topic ("Accidental overdose of medicine: how many of each can I take?"):
  // the topic's title says what it is about, not what kind of fact is asked ("medicine" is no treatment question), so
  // `asks` are the intents of the person's own words.
  const titled = input.sources.find((s) => asked.startsWith(`${s.title}: `));
  const intents = detectIntents(asked).intents;
  return { intents, asks: titled ? detectIntents(asked.slice(titled.title.length + 2)).intents : intents, more, asked };
}

/**
 * The same fact said twice ("aspirin 300 mg" in the ACS and the chest pain guide; "mild sunburn usually gets better
 * within about a week" in what it is and the outlook): the same numbers and mostly the same words. Different numbers
 * are different facts ("half-hourly until GCS 15" and "half-hourly for 2 hours, then hourly for 4 hours").
 */
export function sameFact(a: string, b: string): boolean {
  const fa = factWords(a);
  const fb = factWords(b);
  if (fa.numbers !== fb.numbers) return false;
  const x = fa.content;
  const y = fb.content;
  const common = [...x].filter((w) => y.has(w)).length;
  return common / (x.size + y.size - common) >= 0.6;
}

/**
 * A sentence's numbers and content words, for `sameFact`: a memo of a pure function of the text, bounded (the
 * composer compares the same library sentences turn after turn, each several times a reply).
 */
const factWordsMemo = new LruCache<string, { numbers: string; content: ReadonlySet<string> }>(4096);
function factWords(t: string): { numbers: string; content: ReadonlySet<string> } {
  let f = factWordsMemo.get(t);
  if (!f) {
    f = {
      numbers: [...new Set(t.match(/\d+(?:\.\d+)?/g) ?? [])].sort().join(' '),
      content: new Set(tokensForSearch(t).map(stem).filter((w) => w.length > 2 || /^\d/.test(w))),
    };
    factWordsMemo.set(t, f);
  }
  return f;
}

/** A line about adults only ("the usual dose for adults"), which does not answer for a child. */
const ADULTS_ONLY = /\badults?\b(?![^.]*\bchild)/i;
/** The question is the last one with who it is for added ("how much can I give? she's 3"). */
function refinesLast(input: AnswerInput): boolean {
  const last = [...input.history].reverse().find((h) => h.role === 'user')?.content.trim();
  return Boolean(last && input.question !== last && input.question.startsWith(last));
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
 * The full names of the medicines a question names by nurses' shorthand ("pred" -> prednisolone, "mag sulph" ->
 * magnesium sulfate), from knowledge/vocabulary/medicine-shorthand.yaml: each form matched as whole words, any
 * spacing between its words.
 */
export type ShorthandExpander = (text: string) => string[];
export function createShorthandExpander(list: Shorthand[] = []): ShorthandExpander {
  const rules = list.map((m) => ({
    name: m.name,
    re: new RegExp(`(?<![a-z0-9])(?:${m.shorthand.map((f) => f.split(' ').map(escapeRe).join('\\s+')).join('|')})(?![a-z0-9])`, 'i'),
  }));
  return (text) => rules.filter((r) => r.re.test(text)).map((r) => r.name);
}
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const NO_SHORTHAND: ShorthandExpander = () => [];

/** Words of a red flag's label that say nothing about this person ("possible", "or more"). */
const REASON_FILLER = new Set(['possible', 'probable', 'likely', 'sign', 'signs', 'more', 'less', 'new', 'someone', 'person', 'help'].map(stem));

/**
 * Why the level is what it is, in words the articles use: the labels of the red flags that set an urgent level ("Fever
 * of 38C or more in a baby under 3 months", "Fever during chemotherapy", "Deep or gaping wound") and the names of the
 * risk factors and conditions the person told us of (chemotherapy, type 1 diabetes, pregnancy). After a follow-up
 * answer these are what the person just added, and the reply should use them: the line that names them says why the
 * detail matters ("a baby under 3 months with 38C or more always needs urgent medical advice"). Stems.
 */
export function reasonTerms(triage: AnswerInput['triage']): Set<string> {
  const flags = (triage.redFlags ?? []).filter((f) => levelRank(f.level) >= levelRank('consultation_24')).map((f) => f.label);
  const context = triage.findings.filter((f) => f.present && (f.kind === 'risk_factor' || f.kind === 'condition')).map((f) => f.name);
  return new Set(
    tokensForSearch([...flags, ...context].join(' '))
      .map(stem)
      .filter((t) => (t.length > 1 || /\d/.test(t)) && !FILLER_STEMS.has(t) && !REASON_FILLER.has(t)),
  );
}

/** How much more a patient's line counts when it is about who the person said it is for (whoTerms). */
const WHO_WEIGHT = 1.5;

/**
 * Who the answer is for, in the articles' words, when the person told us (an age, a pregnancy): a baby under 12
 * months, a child under 16, a pregnant woman. Nothing when they did not say: a plain question is answered for anyone.
 * Stems.
 */
export function whoTerms(triage: AnswerInput['triage']): Set<string> {
  const ctx = triage.context;
  const words: string[] = [];
  if (ctx?.ageMonths !== undefined && ctx.ageMonths < 12) words.push('baby', 'babies', 'infant', 'infants');
  if (ctx?.ageMonths !== undefined && ctx.ageMonths < 192) words.push('child', 'children');
  if (ctx?.pregnant) words.push('pregnant', 'pregnancy');
  return new Set(words.map(stem));
}

/**
 * The deterministic, grounded answer: the asked fact first, from the section of the best article that the question's
 * intent asks for ("what causes" -> Causes, "how often obs" -> the sentence with the interval), each sentence quoted
 * and cited; then, for patients, when to get help; then what else the article can tell. At most 5 sentences for a
 * patient and 3 bullets for a nurse. Invents nothing: every sentence is quoted whole from a source.
 * `expandShorthand` reads nurses' medicine shorthand in the question (the knowledge base's list).
 */
export function composeAnswer(input: AnswerInput, expandShorthand: ShorthandExpander = NO_SHORTHAND): string {
  const { sources, triage, audience } = input;
  if (!sources.length) return input.calculation?.text ?? '';
  const emergent = isEmergent(triage.level);
  const { intents, asks, more, asked } = intentsOf(input);
  const said = alreadySaid(input);
  // With a calculator's result, the measurements in the question are its business: the answer quotes the band for
  // the score, not the table rows the numbers happen to match.
  // A score the question states ("NEWS2 8") is matched as a band (statesValue), not as a word ("8 or fewer breaths").
  const stated = new Set(scoreValues(asked).map(String));
  // The words that say what is asked ("what helps", "how do I treat", "symptoms") are the intent's business: they pick
  // the section, not the sentence ("helps" would pick "activity helps the bowels work" over the fibre line).
  const cueStems = new Set(audience === 'patient' ? [...intentCueWords(asked)].map(stem) : []);
  const terms = new Set(
    tokensForSearch(asked)
      .filter((w) => !FILLER.has(w) && !(input.calculation && /^\d/.test(w)) && !stated.has(w))
      .map(stem)
      .filter((t) => !FILLER_STEMS.has(t) && !cueStems.has(t)),
  );
  // A finding's name brings the article's words for what the person said ("can't breathe": "shortness of breath"); but
  // the findings a named condition implies ("anaphylaxis": swelling of the face, lips, tongue or throat) are not what
  // was asked, and their words would pick the red-flag line over the asked dose.
  const namedSpans = new Set(triage.findings.filter((f) => f.name.toLowerCase() === f.text.toLowerCase()).map((f) => f.text.toLowerCase()));
  for (const f of triage.findings) {
    if (!(f.present || f.context === 'question')) continue;
    if (namedSpans.has(f.text.toLowerCase()) && f.name.toLowerCase() !== f.text.toLowerCase()) continue;
    tokensForSearch(f.name).forEach((t) => terms.add(stem(t)));
  }
  // What a nurse's message denies ("no LOC, no vomiting") is not what it asks about: its words do not pick sentences.
  // (A patient who says "no fever" still needs the line that says a fever means urgent help.)
  const denied = audience !== 'nurse' ? [] : triage.findings.filter((f) => f.categories?.negated && !f.categories.resolved && (f.turn ?? 0) === 0).flatMap((f) => tokensForSearch(f.text).map(stem));
  const affirmed = new Set(triage.findings.filter((f) => f.present).flatMap((f) => tokensForSearch(f.text).map(stem)));
  for (const t of denied) if (!affirmed.has(t)) terms.delete(t);
  // The question's own words other than the names of what it is about (the findings it names: "atopic dermatitis",
  // "hypothyroidism" are names of the article's subject, said in other words there), and the article's words for a
  // plain word of it ("contagious": infectious, spread; "twice": once, again).
  const findingWords = new Set(triage.findings.flatMap((f) => tokensForSearch(`${f.text} ${f.name}`).map(stem)));
  const own = new Set(tokensForSearch(asked).map(stem).filter((w) => !findingWords.has(w) && !FILLER_STEMS.has(w) && !cueStems.has(w)));
  if (audience === 'patient') for (const [re, extra] of ASKED_AS) if (re.test(asked)) extra.forEach((w) => (terms.add(stem(w)), own.add(stem(w))));
  // "Does he need to go in today or can it wait for the GP?": how soon is asked, and the guide says it in its own
  // words ("same-day specialist referral", "immediately").
  if (audience === 'nurse' && WAIT_ASKED.test(asked)) for (const w of ['same', 'day', 'immediately', 'urgent']) terms.add(stem(w));
  // Nurses' shorthand for medicines: "pred" is prednisolone, "mag sulph" magnesium sulfate.
  // (Not with a calculator's result: "RR 24, HR 115" are its inputs, not what the guideline sentence should be about.)
  if (!input.calculation) for (const full of expandShorthand(asked)) tokensForSearch(full).forEach((t) => terms.add(stem(t)));
  // In a nurse's report that triage reads as an emergency, the emergency it names first ("sudden severe headache,
  // worst ever": subarachnoid haemorrhage) is what her guide's sentence about it names. A patient's answer never
  // names a diagnosis this way.
  const named = triage.conditions?.[0];
  // (Not when the question names it already: "cauda equina red flags" needs no more weight on "cauda equina".)
  const namedWords = named ? tokensForSearch(named.name).map(stem) : [];
  // They count at half weight: the words she wrote ("papilloedema") say more than triage's reading of them.
  const inferred = new Set<string>();
  if (audience === 'nurse' && !input.calculation && emergent && named && isEmergent(named.urgency) && !namedWords.some((w) => terms.has(w))) namedWords.forEach((t) => (terms.add(t), inferred.add(t)));
  // A count written as a digit is the word the guides spell ("the sepsis 6": the Sepsis Six bundle).
  for (const t of [...terms]) if (NUMBER_WORDS[t]) terms.add(NUMBER_WORDS[t]);
  // A question with no symptoms in it is about a topic: what it is first, whatever the conversation's level.
  const topical = triage.informational || input.shape === 'question';
  const wanted = intents.length ? sectionsFor(intents, audience) : defaultSections(audience, emergent && input.shape !== 'question', topical);
  // Emergencies: first aid first, whatever was asked.
  if (emergent && audience === 'patient' && !wanted.includes('Self-care')) wanted.unshift('Self-care');
  const facts = intents.map((i) => intentRule(i).fact).filter((f): f is RegExp => Boolean(f));
  // A dose is how much and how often: the interval between doses ("leave at least 4 hours") goes with the amount.
  const companion = intents.includes('dose') && !intents.includes('schedule') ? DOSE_INTERVAL : undefined;
  const values = [...scoreValues(asked), ...(input.calculation?.value !== undefined ? [input.calculation.value] : [])];
  const top = sources[0].articleId;
  // The measurements the question gives ("sats 96%", "84yo"): a sentence whose cut-off is for that measurement
  // answers it (with a calculator's result they are the calculator's business).
  const readings = input.calculation ? [] : readingsIn(asked);

  // Each sentence of the sources, with its words; a question word found in few of them says more (local idf).
  const raw: { source: Source; text: string; words: readonly string[]; set: ReadonlySet<string>; pairs: readonly string[]; rank: number; i: number }[] = [];
  sources.forEach((source, rank) => {
    if (source.section === 'Summary') return;
    sentenceWordsOf(source.text).forEach(({ text, words, set, pairs }, i) => {
      if (!(more && said(text))) raw.push({ source, text, words, set, pairs, rank, i });
    });
  });
  const df = new Map<string, number>();
  const reasons = audience === 'patient' ? reasonTerms(triage) : new Set<string>();
  for (const r of raw) for (const w of new Set([...terms, ...reasons])) if (r.set.has(w)) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (t: string) => Math.log(1 + raw.length / (1 + (df.get(t) ?? 0)));
  const askedWords = tokensForSearch(asked).map(stem);
  const pairs = new Set(askedWords.slice(1).flatMap((w, k) => [`${askedWords[k]} ${w}`, `${askedWords[k]} ${NUMBER_WORDS[w] ?? w}`]));
  // The section the question asks for counts more when it asked for one; a nurse's shorthand says more by its words.
  const sectionWeight = audience === 'nurse' ? (intents.length ? 1.5 : 0.5) : 2;
  const candidates: Candidate[] = [];
  const guided = audience === 'nurse' && sources.some((s) => s.articleId.startsWith('nurse-'));
  // The patient's age group in a nurse's question ("11mo", "3yo", "54F"): under 16 a child, 18 and over an adult.
  const months = triage.context?.ageMonths;
  // (An age in months or weeks the language layer does not read yet, "11mo old", is a baby's.)
  const patientAge =
    audience !== 'nurse' ? undefined
    : months !== undefined ? (months < 192 ? 'child' : months >= 216 ? 'adult' : undefined)
    : triage.context?.subject === 'child' || /\b\d{1,2}\s*-?\s*(?:months?|mths?|mo|m\/o|weeks?|wks?)\s*-?\s*old\b/i.test(asked) ? 'child' : undefined;
  const doing = audience === 'patient' && (input.shape === 'self_care' || intents[0] === 'self_care');
  const who = audience === 'patient' ? whoTerms(triage) : new Set<string>();
  for (const r of raw) {
    const words = r.set;
    let overlap = 0;
    let shared = 0;
    const hits = new Map<string, number>();
    for (const t of terms) if (words.has(t)) (overlap += idf(t) * (inferred.has(t) ? INFERRED_WEIGHT : 1)), shared++, hits.set(t, idf(t));
    // Two question words side by side in the sentence ("sepsis six", "red features") count again.
    for (const pair of r.pairs) if (pairs.has(pair)) overlap += 1;
    // Another article's sentence must share real words with the question, not just sit in a likely section.
    // (One shared word is enough for a sentence that states the very fact asked: a dose, a threshold, an interval.)
    // (A route or a weight is no such word: "iv morphine dose, 80kg" is not answered by another medicine's
    // intravenous dose by weight.)
    if (r.source.articleId !== top && (facts.some((f) => f.test(r.text)) ? ![...hits.keys()].some((t) => !GENERIC_DOSE_WORDS.test(t)) : shared < 2)) continue;
    const sectionRank = wanted.indexOf(r.source.section);
    // "What do I do?" after a report: the article's own order of advice says what matters first (cool a burn before
    // covering it); the words the person used to describe it ("burnt my hand") say little about which step to take.
    const selfCare = doing && r.source.section === 'Self-care';
    const damp = selfCare ? ECHO_WEIGHT : 1;
    const pos = selfCare ? SELF_CARE_ORDER : 0.15;
    let score = overlap * damp + (sectionRank >= 0 ? sectionWeight * (2 - Math.min(sectionRank, 3) * 0.5) : 0) + 2 / r.source.n - r.i * pos - Math.max(0, r.text.length - 260) / 200;
    // The asked fact: a dose, a threshold or an interval, and the band of a score the question gives.
    if (facts.some((f) => f.test(r.text))) score += 3;
    if (companion?.test(r.text)) score += COMPANION_WEIGHT;
    // A band that names the very value ("5 or 6" for a 6) over one that only contains it ("5 or more").
    if (values.some((v) => statesValue(r.text, v))) score += values.some((v) => r.words.includes(String(v))) ? 6.5 : 4;
    score += CUTOFF_WEIGHT * cutoffFit(readings, r.text);
    // A nurse reads her own guide first: a patient article's sentence answers her when no guide says it better.
    if (guided && !r.source.articleId.startsWith('nurse-')) score -= PATIENT_LINE_FOR_NURSE;
    // A line for another age group than the patient's: the adult line for a 3 year old, the under-5s one for a 54F.
    if (patientAge && ageGroupOf(r.text, r.source.title) === (patientAge === 'child' ? 'adult' : 'child')) score -= OTHER_AGE_FOR_NURSE;
    // A patient who told us who it is for (a 10 month old, 28 weeks pregnant): the lines for that person count more,
    // and an adults-only line less ("loperamide ... in adults" is not for a baby).
    const forWho = who.size > 0 && [...who].some((t) => words.has(t));
    if (forWho) score += WHO_WEIGHT;
    if (who.size && months !== undefined && months < 192 && ADULTS_ONLY.test(r.text)) score -= WHO_WEIGHT;
    const reason = new Map([...reasons].filter((t) => words.has(t)).map((t) => [t, idf(t)]));
    candidates.push({ source: r.source, text: r.text, order: r.rank * 1000 + r.i, score, overlap, hits, ...(reason.size ? { reason } : {}), ...(forWho ? { forWho } : {}) });
  }
  const best = (pool: Candidate[]) => [...pool].sort((a, b) => b.score - a.score);
  const isHelp = (s: string) => s === 'When to get urgent help' || s === 'When to get an appointment' || s === 'Escalation';
  const cite = (c: Candidate) => `${c.text} [${c.source.n}]`;

  if (audience === 'nurse') {
    const lines: string[] = [];
    if (input.calculation) lines.push(`- ${input.calculation.text}`);
    const room = NURSE_BULLETS - lines.length;
    const picked: Candidate[] = [];
    // A comparison ("cat 1 vs cat 2 pressure ulcer?", "thrombolysis or thrombectomy?") is answered for each side: the
    // best line that names one side's own words and none of the other's, then the other side's.
    const sides = input.calculation ? undefined : comparedSides(asked);
    if (sides) {
      const has = (c: Candidate, words: string[]) => {
        const own = tokensForSearch(c.text).map(stem);
        return words.some((w) => own.includes(w));
      };
      // Sides told by number ("cat 1 vs cat 2") are best answered by a line about that number alone, not a range
      // ("from category 1 to category 4").
      const otherNumbers = (c: Candidate) => tokensForSearch(c.text).some((w) => /^\d+$/.test(w) && !sides[0].includes(w) && !sides[1].includes(w));
      const numbered = [...sides[0], ...sides[1]].some((w) => /^\d+$/.test(w));
      for (const [own, other] of [[sides[0], sides[1]], [sides[1], sides[0]]]) {
        const pool = candidates.filter((c) => has(c, own) && !has(c, other) && !picked.includes(c));
        const line = best(numbered ? pool.filter((c) => !otherNumbers(c)) : pool)[0] ?? best(pool)[0];
        if (line && picked.length < room) picked.push(line);
      }
    }
    const escalation = best(candidates.filter((c) => c.source.section === 'Escalation'))[0];
    if (escalation && triage.redFlags.length && !intents.length) picked.push(escalation);
    // A question that asks for a fact (a dose, a threshold, an interval) gets the sentence that states it first, even
    // when the red flags its words raise share more words with it.
    // A question that asks for two facts ("how much and when can I repeat") gets the best sentence for each.
    for (const f of facts) {
      if (picked.length >= room) break;
      const factual = best(candidates.filter((c) => f.test(c.text) && !picked.includes(c)))[0];
      if (factual) picked.push(factual);
    }
    // A question of several parts ("target sats and what device", "what comes first, and how often obs after"): each
    // next bullet counts the question's words the bullets so far already say at half, so the next part is answered
    // rather than the first part again.
    // "What do I do / give?" (and no fact asked by number): the first bullet is an action from the guide, when one
    // shares a word with the question, not the assessment line its findings echo most (the glass test for "fever +
    // non-blanching rash, what do I give before transfer").
    // Asked with another part ("what do I give him and when do I redo it?"), the action still gets its bullet.
    const doingAsked = intents[0] === 'self_care' || intents[0] === 'treatment' || (picked.length > 0 && (intents.includes('self_care') || intents.includes('treatment')));
    if (doingAsked && picked.length < room) {
      const actions = best(candidates.filter((c) => c.source.section === 'Actions' && !picked.includes(c) && (c.hits?.size ?? 0) > 0 && (!guided || c.source.articleId.startsWith('nurse-'))));
      // "What do I give?" asks what and how much: the action that states an amount first.
      const giving = /\b(?:give|giving|administer|what (?:do|should|can) (?:i|we) (?:use|start))\b/i.test(asked) ? actions.find((c) => DOSE_FACT.test(c.text)) : undefined;
      const action = giving ?? actions[0];
      if (action) picked.push(action);
    }
    const covered = new Set<string>();
    const cover = (c: Candidate) => c.hits?.forEach((_, t) => covered.add(t));
    picked.forEach(cover);
    const repeated = (c: Candidate) => [...(c.hits ?? [])].reduce((a, [t, w]) => a + (covered.has(t) ? w * REPEAT_DISCOUNT : 0), 0);
    // The same fact in two guides is said once (sameFact).
    while (picked.length < room) {
      const next = best(candidates.filter((c) => !picked.some((p) => p.text === c.text || sameFact(p.text, c.text)))).map((c) => ({ c, s: c.score - repeated(c) })).sort((a, b) => b.s - a.s)[0]?.c;
      if (!next) break;
      picked.push(next);
      cover(next);
    }
    // "Is this high risk sepsis?", "which risk group?": a category is asked, and a category is answered with what it
    // means. When a bullet grades the patient ("high-risk criteria include ...") and none says what that grade needs,
    // the last bullet gives way to the guide's action or escalation line for that grade ("... within 1 hour").
    if (CATEGORY_ASKED.test(asked) && picked.length) {
      const grade = picked.map((c) => GRADE.exec(c.text)?.[0]).find(Boolean);
      const graded = grade ? new RegExp(`\\b${gradeOf(grade).replace(' ', '[ -]')}\\b`, 'i') : undefined;
      const acts = (c: Candidate) => (c.source.section === 'Actions' || c.source.section === 'Escalation') && Boolean(graded?.test(c.text));
      const home = picked.find((c) => graded?.test(c.text))?.source.articleId;
      if (graded && !picked.some(acts)) {
        const pool = candidates.filter((c) => acts(c) && !picked.includes(c) && c.source.articleId === home);
        const action = best(pool.filter((c) => ACTION_WITHIN.test(c.text)))[0] ?? best(pool.filter((c) => ACTION_TIME.test(c.text)))[0] ?? best(pool)[0];
        if (action) {
          // It takes the place of a bullet that states no grade (the last such), else of the last bullet.
          const ungraded = picked.findLastIndex((c) => !graded.test(c.text));
          if (picked.length < room) picked.push(action);
          else picked.splice(ungraded >= 0 ? ungraded : picked.length - 1, 1, action);
        }
      }
    }
    // A report answered with red flags only ("62F hx breast ca, new back pain worse at night. worried?"): what the
    // first red flag points to is named, and the answer also says what to do about it. The last bullet gives way to
    // the guide's action or escalation line that names the same thing (the MSCC coordinator, the MRI within 24 hours).
    const acting = (c: Candidate) => c.source.section === 'Actions' || c.source.section === 'Escalation';
    const flagFor = picked[0]?.source.section === 'Red flags' ? RED_FLAG_FOR.exec(picked[0].text)?.[1] : undefined;
    // (Not when the red flags are what was asked: "red flags for cauda equina".)
    if (flagFor && picked.length >= room && !picked.some(acting) && !facts.length && !/\bred[ -]?flags?\b/i.test(asked)) {
      const named = new Set(tokensForSearch(flagFor).map(stem).filter((w) => w.length > 2));
      const shares = (c: Candidate) => tokensForSearch(c.text).map(stem).filter((w) => named.has(w)).length;
      const pool = candidates.filter((c) => acting(c) && c.source.articleId === picked[0].source.articleId && !picked.includes(c) && shares(c) >= Math.min(2, named.size));
      const action = [...pool].sort((a, b) => shares(b) - shares(a) || Number(ACTION_WITHIN.test(b.text)) - Number(ACTION_WITHIN.test(a.text)) || b.score - a.score)[0];
      if (action) picked.splice(picked.length - 1, 1, action);
    }
    // The asked fact first, then in the order of the guideline.
    const [first, ...rest] = picked;
    lines.push(...[first, ...rest.sort((a, b) => a.order - b.order)].filter(Boolean).map((c) => `- ${cite(c)}`));
    const named = [...new Map(picked.map((c) => [c.source.n, c.source])).values()].map((s) => `[${s.n}] ${sourcesSaid(s, picked.filter((c) => c.source.n === s.n).map((c) => c.text))}`);
    const offer = moreOffer(sources, top, picked, wanted, 'nurse');
    return [lines.join('\n'), named.length ? `Based on: ${named.join('; ')}.` : '', offer].filter(Boolean).join('\n\n');
  }

  const shape = input.shape ?? (more ? 'more' : 'question');
  if (shape === 'more') return patientMore(input, { candidates, wanted, intents, emergent, top, best, isHelp, cite });
  const deniedSigns = new Set(triage.findings.filter((f) => f.categories?.negated && (f.turn ?? 0) === 0).flatMap((f) => tokensForSearch(`${f.name} ${f.text}`)).map(stem).filter((w) => !FILLER_STEMS.has(w) && w.length > 2));
  const rare = (t: string) => (df.get(t) ?? 0) <= RARE_LINES;
  return patientShaped(input, shape, { candidates, wanted, intents, emergent, top, best, isHelp, cite, facts, companion, denied: deniedSigns, own, asks, rare, who });
}

/**
 * The article's sources that the quoted sentences name ("NICE NG158 advises ..." is from "NICE NG158 - Venous
 * thromboembolic diseases", not from the guide's first source, "BTS/SIGN 158 - ... asthma"): a source is named when
 * a sentence says its short name, the part before " - ". None named: the article's first source.
 */
export function sourcesSaid(source: Pick<Source, 'sourceName' | 'otherSources'>, sentences: string[]): string {
  const all = [source.sourceName, ...(source.otherSources ?? [])];
  if (all.length < 2) return source.sourceName;
  const said = all.filter((name) => {
    const short = name.split(' - ')[0].trim();
    return short.length >= 3 && short !== name && sentences.some((t) => new RegExp(`(?<![\\w/])${escapeRe(short)}(?![\\w/])`).test(t));
  });
  return said.length ? said.join('; ') : source.sourceName;
}

type Picking = {
  candidates: Candidate[];
  wanted: string[];
  intents: Intent[];
  emergent: boolean;
  top: string;
  best: (pool: Candidate[]) => Candidate[];
  isHelp: (section: string) => boolean;
  cite: (c: Candidate) => string;
  facts?: RegExp[];
  /** A fact that goes with the asked one (the interval with a dose). */
  companion?: RegExp;
  /** Stems of the warning signs the message denies ("no breathing problems"). */
  denied?: Set<string>;
  /** Stems of the question's words that name no finding, and the article words for its plain words (ASKED_AS). */
  own?: Set<string>;
  /** The intents of the person's own words (a follow-up's topic title left out). */
  asks?: Intent[];
  /** A word few of the sources' sentences use (it says something specific, not what the whole article is about). */
  rare?: (term: string) => boolean;
  /** Who the person said it is for (whoTerms). */
  who?: Set<string>;
};

/** "Tell me more": the rest of the article, up to 5 sentences, then when to get help and what else it covers. */
function patientMore(input: AnswerInput, p: Picking): string {
  const { candidates, wanted, intents, emergent, top, best, isHelp, cite } = p;
  const triage = input.triage;
  const helpAsked = intents[0] === 'when_to_get_help';
  // After a report ("tell me more" about what it could be), the article in a reader's order: what it is, then how it is
  // treated and what helps, then the rest; two sentences per section so more of it is covered.
  const sections = helpAsked
    ? [...new Set([...wanted, ...defaultSections('patient', emergent, true)])]
    : intents.length
      ? wanted
      : ['What it is', 'Treatment', 'Self-care', 'Causes', 'Outlook', 'Prevention'];
  const picked: Candidate[] = [];
  for (const section of sections) {
    if (picked.length >= PRIMARY) break;
    const pool = best(candidates.filter((c) => c.source.articleId === top && c.source.section === section && !picked.includes(c)));
    const n = intents.length && !picked.length ? PRIMARY : 2;
    for (const c of pool.slice(0, Math.max(0, Math.min(n, PRIMARY - picked.length)))) picked.push(c);
  }
  for (const c of best(candidates.filter((c) => c.source.articleId === top && !picked.includes(c) && (helpAsked || !isHelp(c.source.section))))) {
    if (picked.length >= PATIENT_SENTENCES) break;
    picked.push(c);
  }
  if (!picked.length) picked.push(...best(candidates).slice(0, PATIENT_SENTENCES));
  const help = (section: string) => best(candidates.filter((c) => c.source.articleId === top && c.source.section === section && !picked.includes(c)))[0];
  const helpLines = helpAsked ? [] : [emergent || triage.level === 'consultation_24' ? undefined : help('When to get an appointment'), help('When to get urgent help')].filter((c): c is Candidate => Boolean(c));
  const [first, ...rest] = picked;
  const body = [first, ...rest.sort((a, b) => a.order - b.order)].filter(Boolean).map(cite).join(' ');
  const parts = [body];
  if (helpLines.length) parts.push(`When to get help: ${[...helpLines].sort((a, b) => a.order - b.order).map(cite).join(' ')}`);
  parts.push(moreOffer(input.sources, top, [...picked, ...helpLines], wanted, 'patient'));
  return parts.filter(Boolean).join('\n\n');
}

/** What someone can do now while waiting for help: the action lines of an emergency article. */
const WHILE_WAITING = /\b(while (you )?(are )?wait|waiting for|until (help|the ambulance|paramedics|an ambulance)|recovery position|cpr|chest compressions|adrenaline|auto-?injector|epipen|chew (and swallow )?(an? )?(adult )?aspirin|do not (drive|eat|drink|give|move|leave|wait|try|put|let|sleep)|don't (drive|eat|drink|give|move|leave|wait)|stay with|keep (them|the person|him|her|the child|the baby) (warm|still|calm|comfortable|on (their|his|her) side|company|awake)|keep (still|calm|warm)|lie (down|them|the person|flat)|sit (down|up|them)|loosen|unlock|time (the|how long)|note the time|if (they|the person|he|she|someone) (stops? breathing|is not breathing|collapses|becomes unresponsive)|check (their|his|her) breathing|on (their|his|her) side|bring (the|their|any) (medicines|medication|packet|pills|tablets)|take (their|the) (medicines|medication|packet)|rinse|flush|wash (out|the|it|your|their)|running water|cool (the|it|your|their)|press (firmly|hard|on)|pressure on|raise (the|their|your) (arm|leg|legs|hand|foot|limb)|cover (the|it) with|protect (the|your|their) eye)\b/i;
/** What softens an emergency reply: home care, appointments, pharmacies, reassurance. */
export const SOFTENING = /\b(book|appointment|pharmacist|pharmacy|at home|home remed|self-care|usually (gets?|go(?:es)?(?: away)?|clears?|settles?|gets? better|eases?|helps?|improves?|pass(?:es)?|stops?|wears? off)|most people (get|recover|feel)|not serious|nothing to worry|rest and|plenty of fluids|over-the-counter|paracetamol|ibuprofen|prevent|rehabilitation|after (a|an) [a-z ]+,|gp\b|contact your doctor)\b/i;
/** "Sepsis cannot be treated at home", "do not wait": home care ruled out, which is not softening. */
const RULED_OUT = /\b(not|cannot|can't|never|nobody|no one|don't|do not)\b[^.;]{0,40}\b(at home|manage|treat|wait)\b/i;
export const softens = (sentence: string) => SOFTENING.test(sentence) && !RULED_OUT.test(sentence);

const weight = (m?: Map<string, number>) => [...(m?.values() ?? [])].reduce((a, w) => a + w, 0);
/** The sections that explain a level rather than say what to do at home (treatment: what the hospital will do); the
 * urgent-help lines are the `why` of an emergency reply already. */
const EXPLAINING = new Set(['What it is', 'Who is at risk', 'Causes', 'Treatment']);
/** A reason word must say something specific to count (the idf of a word at most about a third of the lines use). */
const REASON_MIN = 1;

/**
 * The line that says why what the person told us matters: of `pool`, the one in an explaining section that names the
 * most of the reason words (reasonTerms) the `picked` lines do not already say; none when they say them all or no line
 * names one. Never a line that softens.
 */
function whyItMatters(pool: Candidate[], picked: Candidate[]): Candidate | undefined {
  const said = new Set(picked.flatMap((c) => [...(c.reason?.keys() ?? [])]));
  const fresh = (c: Candidate) => weight(new Map([...(c.reason ?? [])].filter(([t]) => !said.has(t))));
  const best = pool
    .filter((c) => EXPLAINING.has(c.source.section) && !softens(c.text))
    .map((c) => ({ c, w: fresh(c) }))
    .sort((a, b) => b.w - a.w || b.c.overlap - a.c.overlap || a.c.order - b.c.order)[0];
  return best && best.w >= REASON_MIN ? best.c : undefined;
}

/** A line that says not to take or use something. */
const NOT_FOR = /\b(?:should not|shouldn't|do not|don't|must not|avoid)\b[^.;]{0,30}\b(?:take|use|give|taking|using|giving)\b|\bnot (?:usually )?recommended\b/i;
/** A line that names what to use instead. */
const INSTEAD = /\b(?:first choice|instead)\b/i;

/** The sections that say why a group of people is at more risk. */
const RISK_SECTIONS = new Set(['Who is at risk', 'Complications', 'Side effects']);

/**
 * Of `pool`, the line that says why it matters who this is for: a line of a risk section that names the group (whoTerms);
 * none when a picked line already does, or no line does. The one that shares most of the question's words.
 */
function whyForWhom(pool: Candidate[], picked: Candidate[]): Candidate | undefined {
  const names = (c: Candidate) => RISK_SECTIONS.has(c.source.section) && !softens(c.text) && c.forWho === true;
  if (picked.some(names)) return undefined;
  return pool.filter((c) => names(c) && !picked.includes(c)).sort((a, b) => b.overlap - a.overlap || b.score - a.score)[0];
}

/**
 * A shaped patient answer (at most a few sentences; the chat adds the triage frame and the one question):
 * - emergency: only what to do while waiting for help (no home care, no appointments, nothing that softens);
 * - self-care: what to do first (the article's self-care lines), then when to get help;
 * - consult: what it could be about, in two or three lines, then when to get help;
 * - question: the asked fact first, then when to get help.
 * Sentences the conversation already heard are left out.
 */
function patientShaped(input: AnswerInput, shape: ReplyShape, p: Picking): string {
  const { candidates, wanted, top, isHelp, cite, intents } = p;
  // Each candidate's length once, not at every comparison of every sort.
  const lengths = new Map<Candidate, number>();
  const length = (c: Candidate) => lengths.get(c) ?? (lengths.set(c, c.text.split(/\s+/).length), lengths.get(c)!);
  const best = (pool: Candidate[]) => [...pool].sort((a, b) => b.score - LEN_PENALTY * length(b) - (a.score - LEN_PENALTY * length(a)));
  const said = alreadySaid(input);
  const fresh = candidates.filter((c) => !said(c.text));
  const pool = fresh.length ? fresh : candidates;
  const ofTop = (c: Candidate) => c.source.articleId === top;
  const help = (section: string, not: Candidate[]) => best(pool.filter((c) => ofTop(c) && c.source.section === section && !not.includes(c)))[0];
  // The asked fact first; then, when the question asks for a kind of fact (causes, tests, outlook...), the lines of the
  // sections that answer it before the others ("what causes gallstones?": the causes, then what gallstones are), each
  // group in the article's order.
  const rankOf = (c: Candidate) => (intents.length ? (wanted.indexOf(c.source.section) + wanted.length + 1) % (wanted.length + 1) : 0);
  const order = (picked: Candidate[]) => {
    const [first, ...rest] = picked;
    return [first, ...rest.sort((a, b) => rankOf(a) - rankOf(b) || a.order - b.order)].filter(Boolean);
  };
  if (shape === 'emergency') {
    // First aid first (two lines at most); then the article's urgent-help line that fits the message best (why this
    // cannot wait: "even if you feel well"); then what else the article says to do that does not soften it.
    const actions = best(pool.filter((c) => WHILE_WAITING.test(c.text) && !softens(c.text) && (ofTop(c) || c.score > 2))).slice(0, 2);
    // Two lines at most, the ones that fit the message best: the second often names the very case ("a baby under 3
    // months with 38C or more").
    // After a follow-up answer, of those, the lines that name what made it urgent (the red flag, the person's risk:
    // "deep or gaping", "under 3 months") first: the detail just added is why it cannot wait. (A first message's
    // own words pick its lines as they are.)
    const followUp = input.history.length > 0;
    const reasonOf = (c: Candidate) => (followUp ? weight(c.reason) : 0);
    const why = [...pool.filter((c) => ofTop(c) && c.source.section === 'When to get urgent help' && !actions.includes(c) && !softens(c.text))]
      .sort((a, b) => reasonOf(b) - reasonOf(a) || b.overlap - a.overlap || b.score - a.score)
      .slice(0, 2);
    // When neither says it, the article's own line on why that detail matters (chemotherapy and sepsis, a baby under 3
    // months with a fever), from what it is, who is at risk, causes or treatment: never home care.
    const matters = followUp ? whyItMatters(pool.filter((c) => ofTop(c) && !actions.includes(c) && !why.includes(c)), [...actions, ...why]) : undefined;
    // Nothing else: an article's other self-care lines are home care, which an emergency reply must not offer.
    const picked = fit([...actions, ...(matters ? [matters] : []), ...why].slice(0, 4), input.maxWords ?? Infinity);
    if (!picked.length) {
      // Nothing to do but get help: the article's own words on what this is, nothing softer.
      return order(best(pool.filter((c) => ofTop(c) && c.source.section === 'What it is' && !softens(c.text))).slice(0, 2)).map(cite).join(' ');
    }
    return `${actions.length ? 'While you wait for help: ' : ''}${order(picked).map(cite).join(' ')}`;
  }
  const helpAsked = intents[0] === 'when_to_get_help';
  const picked: Candidate[] = [];
  const take = (cands: Candidate[], n: number) => {
    for (const c of cands) {
      if (picked.length >= n) break;
      if (!picked.includes(c) && !picked.some((x) => x.text === c.text || sameFact(x.text, c.text))) picked.push(c);
    }
  };
  // The opening line of an asked section, which states its kind of fact in general (the articles are written that
  // way); or the section's best line when that one says a specific word of the question the opening does not ("can
  // you die from it?", "anything for anxiety or is it just therapy?").
  // Does line a say a specific word of the question (one few lines use) that line b does not?
  const saysMore = (a: Candidate, b: Candidate | undefined) => [...(a.hits?.keys() ?? [])].some((t) => p.own?.has(t) && p.rare?.(t) && !b?.hits?.has(t));
  const leadOf = (section: string): Candidate | undefined => {
    const inSection = pool.filter((c) => ofTop(c) && c.source.section === section);
    const lead = [...inSection].sort((a, b) => a.order - b.order)[0];
    const top1 = best(inSection)[0];
    return top1 && top1 !== lead && saysMore(top1, lead) ? top1 : lead;
  };
  // A report that ends with a question of its own ("... green phlegm for 4 days. Do I need antibiotics?"): the
  // sentence that speaks of what it asks about comes first, before the self-care list or the overview.
  if (shape === 'self_care' || shape === 'consult') {
    // "... nurse said threadworms, how did he get them?": a report that asks for one kind of fact (causes, tests,
    // outlook ...) is answered by the opening line of the section that states it, before the self-care list (unless
    // the question has words of its own that pick the line: "anything for anxiety or is it just therapy?").
    // (Not treatment: "anything for anxiety or is it just therapy?" asks which kind, and the lines that name one answer.)
    const asked = p.asks?.length === 1 && LEAD_ANSWERS.has(p.asks[0]) && p.asks[0] !== 'treatment' ? p.asks[0] : undefined;
    const lead = asked ? leadOf(sectionsFor([asked], 'patient')[0]) : undefined;
    const asks = ownQuestionWords(input.question);
    if (asks.size) take(best(pool.filter((c) => !isHelp(c.source.section) && tokensForSearch(c.text).some((w) => asks.has(stem(w))))), 1);
    if (lead && !asks.size) take([lead], 1);
  }
  if (shape === 'self_care') {
    // "Do I need to go to hospital?" after a report: the article's lines on when to get help answer it, first.
    if (helpAsked) take(best(pool.filter((c) => ofTop(c) && c.source.section === 'When to get urgent help')), 2);
    take(best(pool.filter((c) => ofTop(c) && c.source.section === 'Self-care')), 5);
    take(best(pool.filter((c) => ofTop(c) && !isHelp(c.source.section))), PATIENT_SENTENCES);
  } else if (shape === 'question' && !intents.length && Math.max(0, ...pool.filter(ofTop).map((c) => c.overlap)) >= 2) {
    // A question no intent names ("do I have to keep her off school?"): the sentences that share its words, first.
    take([...pool.filter((c) => ofTop(c) && !isHelp(c.source.section))].sort((a, b) => b.overlap - a.overlap || b.score - a.score), PATIENT_SENTENCES);
  } else {
    const sections = wanted.length ? wanted : ['What it is'];
    const states = (c: Candidate) => Boolean(p.facts?.some((f) => f.test(c.text)) || p.companion?.test(c.text));
    // The same question asked again for someone else ("how much can I give?", then "she's 3") is answered again in
    // full: the asked facts may be said again, except a line about adults when the person is a child.
    const refined = refinesLast(input);
    const forChild = input.triage.context?.subject === 'child';
    const factPool = (refined ? candidates : pool).filter((c) => !(forChild && ADULTS_ONLY.test(c.text)));
    const fact = p.facts?.length ? best(factPool.filter((c) => ofTop(c) && sections.includes(c.source.section) && p.facts!.some((f) => f.test(c.text))))[0] : undefined;
    if (fact) picked.push(fact);
    // Then the other sentences of those sections that state such a fact (the interval after the dose), before the
    // sections' general lines.
    if (fact || refined) take(best(factPool.filter((c) => ofTop(c) && sections.includes(c.source.section) && states(c))), 3);
    // "What is X?": the article's definition, the first line of what it is (the articles are written that way), first.
    if (!picked.length && p.asks?.length === 1 && p.asks[0] === 'definition') {
      const definition = pool.filter((c) => ofTop(c) && c.source.section === 'What it is').sort((a, b) => a.order - b.order)[0];
      if (definition) picked.push(definition);
    }
    // The line that answers best, whichever of the asked sections holds it ("is psoriasis contagious?": the line that
    // says so may sit in what it is, not in the causes the cue points to first).
    // It must say a specific word of the question (few lines use it: "infectious" for "contagious") that the first
    // section's best line does not, and score clearly higher: a name of the topic the question uses ("atopic dermatitis" for eczema) is no reason to
    // leave the section asked for.
    // (In a question, not a report, and not "what do I do?", where the self-care list's own order leads: a person's
    // description echoes lines of any section by chance.)
    if (intents.length && !picked.length && shape === 'question' && intents[0] !== 'self_care') {
      const lead = best(pool.filter((c) => ofTop(c) && c.source.section === sections[0]))[0];
      const other = best(pool.filter((c) => ofTop(c) && sections.includes(c.source.section) && c.source.section !== sections[0]))[0];
      if (other && (!lead || (saysMore(other, lead) && other.score - LEN_PENALTY * length(other) >= lead.score - LEN_PENALTY * length(lead) + STRONGER_LINE))) picked.push(other);
    }
    // "What causes kidney stones?", "how did he get them?": a question for one kind of fact is answered first by the
    // asked section's opening line, which states it in general (the articles are written that way); the shorter lines
    // after it are its particulars ("some medicines can make kidney stones more likely"). Unless the question has a
    // specific word of its own that a line of the section says and the opening does not ("can you die from it?").
    if (!picked.length && shape === 'question' && p.asks?.length === 1 && LEAD_ANSWERS.has(p.asks[0])) {
      const lead = leadOf(sections[0]);
      if (lead) picked.push(lead);
    }
    for (const section of sections) take(best(pool.filter((c) => ofTop(c) && c.source.section === section)), 3);
    // A second article that answers the question too (its best sentence, when it shares the question's words), right
    // after the first sentence.
    const other = best(pool.filter((c) => !ofTop(c) && !isHelp(c.source.section) && !picked.includes(c)))[0];
    if (other && !helpAsked) picked.splice(Math.min(1, picked.length), 0, other);
    // The rest of the section asked for before other sections ("how do they work out if someone has epilepsy?": the
    // MRI line after the EEG line, not a line on what epilepsy is), up to all but one sentence.
    // ("Do I need to see a doctor?" is answered by both help sections: the urgent lines and the appointment lines.)
    if (p.asks?.length && !helpAsked) take(best(pool.filter((c) => ofTop(c) && c.source.section === sections[0])), PATIENT_SENTENCES - 1);
    // "Do I need to see a doctor?": the urgent signs, then the other help section's lines (when to book), not lines of
    // other sections. (The urgent signs stay first, even when a GP is named: "do I need a doctor for chest pain?".)
    if (helpAsked && isHelp(sections[1] ?? '')) take(best(pool.filter((c) => ofTop(c) && c.source.section === sections[1])), PATIENT_SENTENCES);
    take(best(pool.filter((c) => ofTop(c) && (helpAsked || !isHelp(c.source.section)))), PATIENT_SENTENCES);
  }
  // After a follow-up that says who it is for (a 10 month old, 28 weeks pregnant): why that matters, the article's line
  // on that person's risk ("babies ... are more at risk of becoming dehydrated"), second, in place of the last line.
  const forWhom = input.history.length && p.who?.size ? whyForWhom(pool.filter((c) => ofTop(c)), picked) : undefined;
  if (forWhom) {
    picked.splice(Math.min(1, picked.length), 0, forWhom);
    if (picked.length > PATIENT_SENTENCES) picked.pop();
  }
  // "Can I take ibuprofen?" (or "is ibuprofen ok for my headache?"), then "I'm 28 weeks pregnant": when the answer for
  // that person is not to, what the article says is the usual choice for them instead ("paracetamol is usually the first choice of painkiller in pregnancy").
  const instead =
    input.history.length && p.who?.size && picked.some((c) => NOT_FOR.test(c.text))
      ? best(pool.filter((c) => ofTop(c) && !picked.includes(c) && INSTEAD.test(c.text) && !NOT_FOR.test(c.text) && c.forWho === true))[0]
      : undefined;
  if (instead) {
    picked.splice(Math.min(1, picked.length), 0, instead);
    if (picked.length > PATIENT_SENTENCES) picked.pop();
  }
  // When to get help: one line, the one that fits the message best (the urgent one on a tie, and always when the level
  // is already more urgent than an appointment); the level's advice says the rest.
  // Asked again about what an earlier reply already said ("do I have to keep her off school?"): that sentence answers
  // best, so it comes first, referred back to rather than repeated as if new.
  let again: Candidate | undefined;
  if (shape === 'question' && fresh.length < candidates.length) {
    const strongest = [...candidates.filter((c) => ofTop(c) && !isHelp(c.source.section))].sort((a, b) => b.overlap - a.overlap)[0];
    // Referred back to once: not again when the previous reply already did ("As I said" twice reads as a loop).
    const lastReply = input.history.filter((h) => h.role === 'assistant').at(-1)?.content ?? '';
    const referredAlready = lastReply.startsWith('As I said,') && lastReply.includes(strongest?.text.slice(1, 60) ?? '\u0000');
    if (strongest && !referredAlready && strongest.overlap >= 2 && said(strongest.text) && !picked.some((c) => c.overlap >= strongest.overlap)) {
      again = { ...strongest, text: `As I said, ${strongest.text.charAt(0).toLowerCase()}${strongest.text.slice(1)}`, order: -1 };
      picked.unshift(again);
    }
  }
  const urgentLevel = input.triage.level !== 'self_care' && input.triage.level !== 'consultation';
  const urgent = help('When to get urgent help', picked);
  const appointment = urgentLevel ? undefined : help('When to get an appointment', picked);
  // A warning sign the person says they do not have ("my breathing is fine") is the one to watch for: the urgent line
  // that names it is the safety net.
  // (The appointment line too when the level allows it; of those, the one that fits the message best.)
  const helpSections = urgentLevel ? ['When to get urgent help'] : ['When to get urgent help', 'When to get an appointment'];
  const watched = p.denied?.size
    ? pool
        .filter((c) => ofTop(c) && helpSections.includes(c.source.section) && !picked.includes(c) && tokensForSearch(c.text).some((w) => p.denied!.has(stem(w))))
        .sort((a, b) => b.overlap - a.overlap || b.score - a.score)[0]
    : undefined;
  const helpLine = watched ?? (appointment && (!urgent || appointment.overlap > urgent.overlap) ? appointment : urgent);
  const helpLines = helpAsked || !helpLine ? [] : [helpLine];
  // Within the reply's word budget: the help line, then the sentences in the order they were chosen (the asked fact
  // first), each that still fits; the offer of more only if there is room left.
  let room = (input.maxWords ?? Infinity) - (helpLines.length ? 3 + helpLines.reduce((a, c) => a + wordsIn(c.text), 0) : 0);
  const chosen = fit(picked, room);
  room -= chosen.reduce((a, c) => a + wordsIn(c.text), 0);
  const parts = [order(chosen).map(cite).join(' ')];
  if (helpLines.length) parts.push(`When to get help: ${helpLines.map(cite).join(' ')}`);
  const offer = moreOffer(input.sources, top, [...chosen, ...helpLines], wanted, 'patient');
  if (wordsIn(offer) <= room) parts.push(offer);
  return parts.filter(Boolean).join('\n\n');
}

/**
 * The words of the question a report ends with that the report itself does not use ("Do I need antibiotics?" after
 * "coughing up green phlegm"): what that question is about. Nothing when the question only asks what to do ("what
 * should I do?", "should I worry?": filler and intent cue words).
 */
export function ownQuestionWords(message: string): Set<string> {
  const sentences = message.split(/(?<=[.!?])\s+/);
  // The question may come first, the story after it ("Can I take loperamide for diarrhoea? I've had it since
  // yesterday, no blood"): the last sentence that asks whether to have something.
  const at = sentences.findLastIndex((x) => /\?\s*$/.test(x) && TREATMENT_QUESTION.test(x));
  const last = sentences[at] ?? '';
  if (sentences.length < 2 || at < 0) return new Set();
  // "Do I need to go to hospital?", "should I get it checked?": when to get help answers those.
  if (detectIntents(last).intents.includes('when_to_get_help')) return new Set();
  const before = new Set(tokensForSearch(sentences.filter((_, i) => i !== at).join(' ')).map(stem));
  const cues = new Set([...intentCueWords(last)].map(stem));
  return new Set(
    tokensForSearch(last)
      .filter((w) => !FILLER.has(w) && w.length > 3)
      .map(stem)
      .filter((t) => !FILLER_STEMS.has(t) && !cues.has(t) && !before.has(t) && !QUESTION_VERBS.has(t)),
  );
}
/** A question whether to have something ("do I need antibiotics?", "should I use a steroid cream?", "can I get ..."), not whether it is something ("could it be glandular fever?"). */
const TREATMENT_QUESTION = /\b(?:do|does|will|would|should|can|could|must)\s+(?:i|we|he|she|they|you|my\s+\w+)\s+(?:need(?! to)|take|get|use|try|have(?! to)|give|start|be given)\b/i;
/** Verbs of a yes/no question that say nothing of its subject ("do I need", "should I use"). */
const QUESTION_VERBS = new Set(['need', 'take', 'use', 'try', 'worri', 'okay', 'fine', 'normal', 'bad', 'serious'].map(stem));

const wordsIn = (text: string) => text.split(/\s+/).filter((w) => /[A-Za-z0-9]/.test(w)).length;
/** The sentences, by priority, that fit in `room` words (at least the first). */
function fit(picked: Candidate[], room: number): Candidate[] {
  const out: Candidate[] = [];
  for (const c of picked) {
    const w = wordsIn(c.text);
    if (w <= room || !out.length) {
      out.push(c);
      room -= w;
    }
  }
  return out;
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
