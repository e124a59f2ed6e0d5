import { canonicalWord } from './normalize';

/**
 * A word of the message. `norm` is what the vocabulary and the ConText rules compare: lower case, one spelling,
 * contractions expanded ("can't" and "cant" are the two tokens "can" "not", so "can't breathe" in the lexicon
 * and "cant breath" in a message meet). `start`/`end` are offsets in the normalised text; an expanded
 * contraction's tokens share the original word's span. `post` is the punctuation and space after the word,
 * which the scope rules read (a comma, a colon, a dash).
 */
export type Token = {
  norm: string;
  raw: string;
  start: number;
  end: number;
  post: string;
  sentence: number;
  /** Position in the whole message's token list. */
  i: number;
};

export type Sentence = { index: number; start: number; end: number; text: string; tokens: Token[] };

const CONTRACTIONS: Record<string, string[]> = {
  "don't": ['do', 'not'], dont: ['do', 'not'],
  "doesn't": ['does', 'not'], doesnt: ['does', 'not'],
  "didn't": ['did', 'not'], didnt: ['did', 'not'],
  "can't": ['can', 'not'], cant: ['can', 'not'], cannot: ['can', 'not'],
  "won't": ['will', 'not'], wont: ['will', 'not'],
  "isn't": ['is', 'not'], isnt: ['is', 'not'],
  "aren't": ['are', 'not'], arent: ['are', 'not'],
  "wasn't": ['was', 'not'], wasnt: ['was', 'not'],
  "weren't": ['were', 'not'], werent: ['were', 'not'],
  "haven't": ['have', 'not'], havent: ['have', 'not'],
  "hasn't": ['has', 'not'], hasnt: ['has', 'not'],
  "hadn't": ['had', 'not'], hadnt: ['had', 'not'],
  "couldn't": ['could', 'not'], couldnt: ['could', 'not'],
  "shouldn't": ['should', 'not'], shouldnt: ['should', 'not'],
  "wouldn't": ['would', 'not'], wouldnt: ['would', 'not'],
  "mustn't": ['must', 'not'], "needn't": ['need', 'not'],
  "ain't": ['is', 'not'], aint: ['is', 'not'],
  // Misspelt contractions are common in symptom messages ("rash that dosnt fade"); the fuzzy matcher cannot reach
  // them, because the lexicon holds the expanded form ("does not").
  dosnt: ['does', 'not'], dosent: ['does', 'not'], doesent: ['does', 'not'], doesen: ['does', 'not'], dsnt: ['does', 'not'],
  didint: ['did', 'not'], dident: ['did', 'not'], didnot: ['did', 'not'], dnt: ['do', 'not'], dosen: ['does', 'not'],
  cnt: ['can', 'not'], carnt: ['can', 'not'], wasent: ['was', 'not'], isent: ['is', 'not'], havnt: ['have', 'not'], hvnt: ['have', 'not'],
  hasent: ['has', 'not'], cudnt: ['could', 'not'], couldent: ['could', 'not'], wudnt: ['would', 'not'], wouldent: ['would', 'not'],
  "i'm": ['i', 'am'], im: ['i', 'am'],
  "i've": ['i', 'have'], ive: ['i', 'have'],
  "i'd": ['i', 'would'], "i'll": ['i', 'will'],
  "it's": ['it', 'is'], its: ['it', 'is'], "he's": ['he', 'is'], "she's": ['she', 'is'], hes: ['he', 'is'], shes: ['she', 'is'],
  "that's": ['that', 'is'], "there's": ['there', 'is'], theres: ['there', 'is'], "what's": ['what', 'is'], whats: ['what', 'is'],
  "who's": ['who', 'is'], "here's": ['here', 'is'], "where's": ['where', 'is'], "let's": ['let', 'us'],
  "they're": ['they', 'are'], "we're": ['we', 'are'], "you're": ['you', 'are'], youre: ['you', 'are'],
  "they've": ['they', 'have'], "we've": ['we', 'have'], "you've": ['you', 'have'],
  "he'd": ['he', 'would'], "she'd": ['she', 'would'], "they'd": ['they', 'would'], "we'd": ['we', 'would'],
  "he'll": ['he', 'will'], "she'll": ['she', 'will'], "it'll": ['it', 'will'], "they'll": ['they', 'will'], "we'll": ['we', 'will'], "you'll": ['you', 'will'],
};

// Numbers (38.5, 120/80, 2/7, 88%), shorthand with a slash (c/o, h/o, s/p, y/o), +ve/-ve, a "?" glued to the
// next word ("?PE" is a query, not a question), and words with an inner apostrophe.
const TOKEN = /\d+(?:[.,]\d+)?(?:\/\d+(?:\.\d+)?)?%?|\b[a-z]\/[a-z]{1,2}\b|[+-]ve\b|\?(?=[a-z])|[a-z0-9]+(?:'[a-z]+)?/gi;
const ABBREVIATIONS = new Set(['dr', 'mr', 'mrs', 'ms', 'st', 'vs', 'approx', 'eg', 'ie', 'etc', 'pt', 'pts', 'no', 'yr', 'yrs', 'hr', 'hrs', 'min', 'mins', 'wk', 'wks', 'mo', 'temp', 'resp', 'sat', 'sats', 'hx', 'dx', 'abd', 'abdo', 'lt', 'rt', 'bilat', 'sx', 'tx', 'rx', 'pmh', 'hpi', 'cc', 'c/o', 'r', 'l', 'fig', 'ref', 'prof', 'sr', 'jr', 'e', 'i', 'g', 'a', 'p', 'm']);

const SIDES: Record<string, string> = { l: 'left', r: 'right', lt: 'left', rt: 'right' };
const SIDED_PARTS = new Set(['eye', 'eyes', 'ear', 'arm', 'leg', 'hand', 'foot', 'side', 'sided', 'face', 'forehead', 'eyebrow', 'eyelid', 'cheek', 'chest', 'shoulder', 'elbow', 'wrist', 'hip', 'knee', 'ankle', 'calf', 'shin', 'thigh', 'loin', 'flank', 'groin', 'testicle', 'breast', 'lower', 'upper', 'iliac', 'finger', 'thumb', 'toe', 'pupil', 'jaw', 'neck', 'back', 'buttock', 'temple', 'head']);

/** A part that cannot end a sentence: "I can't... breathe", "my chest is... so tight". */
const UNFINISHED = /\b(?:can'?t|cannot|can not|not|no|my|the|a|an|and|of|to|is|was|so|very|really|i|it's|its|feel|feels|just)$/i;

/** Sentence spans: ". ", "! ", "? " (a closing quote may follow), ";" and new lines end a sentence; "38.5", "Dr." and "e.g." do not. */
export function sentenceSpans(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  let start = 0;
  let lastPause = 0;
  // A closing quote or bracket may follow the stop: "CC: 'is it a stroke?' Woke with ...".
  const re = /([.!?]+)['"‘’“”)\]]*(?=\s|$)|[;\n]+/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] && m[1] === '.') {
      // "Dr. Smith", "e.g. cough", "approx. 3 days": a single dot after an abbreviation does not end a sentence.
      const before = /([a-z.]+)$/i.exec(text.slice(start, m.index))?.[1]?.replace(/\./g, '').toLowerCase() ?? '';
      const next = text.slice(m.index + 1).trimStart();
      if (ABBREVIATIONS.has(before) && before !== 'no' && /^[a-z0-9]/i.test(next)) continue;
      if (before === 'no' && /^[0-9]/.test(next)) continue; // "no. 3"
    }
    // Speech broken word by word by want of breath ("Inhaler... not... working", "I can't... breathe"): an ellipsis
    // after a single word or an unfinished part, with the sentence going on in lower case, is a pause, not a stop.
    // (Not after a finished part: "no fever... cough since Monday" keeps its negation to its own part.)
    if (m[1] && m[1].length >= 3 && /^\.+$/.test(m[1])) {
      const fragment = text.slice(Math.max(start, lastPause), m.index).split(/[,:;"“”‘(]|'(?=\s|$)|(?:^|\s)'/).pop()!.trim();
      const next = text.slice(m.index + m[0].length).trimStart();
      if ((/^[\w'’-]+$/.test(fragment) || UNFINISHED.test(fragment)) && /^[a-z]/.test(next)) {
        lastPause = m.index + m[0].length;
        continue;
      }
    }
    const end = m.index + m[0].length;
    if (text.slice(start, end).trim()) spans.push({ start, end });
    start = end;
  }
  if (text.slice(start).trim()) spans.push({ start, end: text.length });
  return spans;
}

/**
 * The forms of words seen before: the vocabulary, the library's text and messages repeat the same words, and a
 * word's forms never change. Bounded (cleared when full) because messages bring new words without end. The arrays
 * are shared: callers read them, never change them.
 */
const FORMS = new Map<string, string[]>();
const FORMS_MAX = 100_000;

/** Splits a word into its vocabulary form(s): contractions expanded, possessive 's dropped, spelling unified. */
export function wordForms(raw: string): string[] {
  let forms = FORMS.get(raw);
  if (!forms) {
    if (FORMS.size >= FORMS_MAX) FORMS.clear();
    FORMS.set(raw, (forms = formsOf(raw)));
  }
  return forms;
}

function formsOf(raw: string): string[] {
  const lower = raw.toLowerCase();
  if (lower === '?') return ['query'];
  if (lower === '-ve') return ['negative'];
  if (lower === '+ve') return ['positive'];
  const expanded = CONTRACTIONS[lower];
  if (expanded) return expanded;
  const base = lower.endsWith("'s") ? lower.slice(0, -2) : lower.replace(/'/g, '');
  return [canonicalWord(base.replace(/(\d),(\d)/, '$1.$2'))];
}

/** The only words `ableAsCan` changes anything at: a list without them comes out of it as it went in. */
const ABLE_AS_CAN_WORDS = new Set(['do', 'has', 'have', 'had', 'no', 'unable', 'able']);

/** TOKEN for phraseForms alone (a global regex keeps its position between calls: nothing else may use it). */
const PHRASE_TOKEN = new RegExp(TOKEN.source, TOKEN.flags);

/** Tokens of a phrase (a lexicon entry, a trigger) in the same form as a message's tokens. */
export function phraseForms(phrase: string): string[] {
  // Most phrases hold none of the words `ableAsCan` rewrites: their forms are the words' forms as they are, read
  // without making a token object for each (the matcher's index reads some 33,000 phrases at every start).
  const norms: string[] = [];
  let rewritable = false;
  // `exec` on one regex of our own, where `matchAll` makes a copy of the regex at every call.
  PHRASE_TOKEN.lastIndex = 0;
  for (let m = PHRASE_TOKEN.exec(phrase); m; m = PHRASE_TOKEN.exec(phrase)) {
    for (const norm of wordForms(m[0])) {
      norms.push(norm);
      if (ABLE_AS_CAN_WORDS.has(norm)) rewritable = true;
    }
  }
  if (!rewritable) return norms;
  return ableAsCan(norms.map((norm) => ({ norm }))).map((t) => t.norm);
}

/** Who can be unable, after "don't think": "I don't think I can ...". */
const PRONOUN_SUBJECTS = new Set(['i', 'he', 'she', 'they', 'we']);

/**
 * "unable to", "not able to", "wasn't able to" and "haven't been able to" are "can not" ("unable to pass urine", "not able to sit still"),
 * as "can't" and "cannot" are, so a phrase the lexicon holds in one of these forms meets the others. The merged
 * tokens share the span of the words they replace. Two more forms of the same kind: "I don't think I can" is "I can
 * not", and "has/have/had been" is "been".
 */
function ableAsCan<T extends { norm: string; end?: number }>(list: T[]): T[] {
  const out: T[] = [];
  for (let k = 0; k < list.length; k++) {
    const t = list[k];
    const to = list[k + 1]?.norm === 'to' ? list[k + 1] : undefined;
    // "I don't think I can do this anymore", "don't think he can breathe": the doubt is the inability ("I can not").
    const doubt = t.norm === 'do' && list[k + 1]?.norm === 'not' && list[k + 2]?.norm === 'think' ? (list[k + 3]?.norm === 'that' ? k + 4 : k + 3) : -1;
    if (doubt > 0 && PRONOUN_SUBJECTS.has(list[doubt]?.norm ?? '') && list[doubt + 1]?.norm === 'can') {
      const can = list[doubt + 1];
      out.push(list[doubt], { ...can, norm: 'can' }, { ...can, norm: 'not' });
      k = doubt + 1;
    } else if ((t.norm === 'has' || t.norm === 'have' || t.norm === 'had') && list[k + 1]?.norm === 'been' && k > 0) {
      // "my jaw has been aching", "the room has been spinning": "has been" reads as "been" (a filler inside phrases), so
      // "jaw ... aching" and "room ... spinning" meet their phrases. (Not at the start: "Have been ..." keeps its word.)
      continue;
    } else if (t.norm === 'no' && (list[k + 1]?.norm === 'can' || list[k + 1]?.norm === 'could') && k > 0 && PRONOUN_SUBJECTS.has(list[k - 1]?.norm ?? '')) {
      // "she no can walk": how a Spanish speaker says "she can't walk" (no puedo caminar).
      out.push({ ...list[k + 1], norm: 'can' }, { ...t, norm: 'not' });
      k++;
    } else if (t.norm === 'unable' && to) {
      out.push({ ...t, norm: 'can', end: to.end ?? t.end }, { ...t, norm: 'not', end: to.end ?? t.end });
      k++;
    } else if (t.norm === 'able' && to && (out[out.length - 1]?.norm === 'not' || (out[out.length - 1]?.norm === 'been' && out[out.length - 2]?.norm === 'not'))) {
      // "not able to", "haven't been able to": the "not" (and "been") become "can not".
      if (out[out.length - 1].norm === 'been') out.pop();
      out.splice(out.length - 1, 0, { ...out[out.length - 1], norm: 'can' });
      out[out.length - 1] = { ...out[out.length - 1], end: to.end ?? t.end };
      k++;
    } else out.push(t);
  }
  return out;
}

export function tokenize(text: string): { sentences: Sentence[]; tokens: Token[] } {
  const sentences: Sentence[] = [];
  const tokens: Token[] = [];
  sentenceSpans(text).forEach((span, s) => {
    const body = text.slice(span.start, span.end);
    const read: Token[] = [];
    for (const m of body.matchAll(TOKEN)) {
      const start = span.start + m.index!;
      const end = start + m[0].length;
      for (const norm of wordForms(m[0])) read.push({ norm, raw: m[0], start, end, post: '', sentence: s, i: 0 });
    }
    const own = ableAsCan(read);
    for (const t of own) {
      t.i = tokens.length;
      tokens.push(t);
    }
    // Chart shorthand for a side: "L eye", "R sided weakness", "Lt arm" read as left and right before a body part.
    own.forEach((t, k) => {
      const side = SIDES[t.norm];
      if (side && own[k + 1] && SIDED_PARTS.has(own[k + 1].norm) && (t.norm.length > 1 || t.raw === t.raw.toUpperCase())) t.norm = side;
    });
    own.forEach((t, k) => {
      const next = own[k + 1];
      if (next && next.start === t.start) t.post = ' ';
      else t.post = text.slice(t.end, next ? next.start : span.end);
    });
    sentences.push({ index: s, start: span.start, end: span.end, text: body.trim(), tokens: own });
  });
  return { sentences, tokens };
}
