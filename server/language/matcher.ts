import type { SenseGuard } from '../knowledge/schema';
import { phraseForms, type Token } from './tokenize';
import type { Vocabulary, VocabularyConcept } from './vocabulary';
import { LruCache } from '../lru-cache';
import { drain } from '../lazy';

/** A concept found in a sentence: token positions [start, end) in the message's token list. */
export type ConceptMatch = {
  concept: string;
  start: number;
  end: number;
  phrase: string;
  fuzzy: boolean;
  /** For a composition ("pain ... chest"), the word that carries it: ConText reads the words around it. */
  focus?: { start: number; end: number };
};

/** `key`: the phrase's own tokens, joined (what a sense guard's `phrases` name), also for its particle-shifted form. */
export type Phrase = { concept: string; tokens: string[]; text: string; order: number; key: string };

/** Words that may sit inside a phrase without breaking it: "my chest is really tight" still matches "chest tight". */
// Only intensifiers and linking verbs: articles and prepositions would let "the end of it" read as "end it".
const HEDGES = new Set(['bit', 'little', 'lot', 'tad']);
// Colour and amount words sit between a verb and its object without changing the sense: "vomiting bright red
// blood", "coughing up some fresh blood", "passing dark blood".
const FILLERS = new Set(['really', 'very', 'so', 'quite', 'kinda', 'pretty', 'extremely', 'super', 'is', 'are', 'feels', 'feel', 'been', 'getting', 'mild', 'slight', 'bad', 'nasty', 'horrible', 'awful', 'stinking', 'any', 'seems', 'seem', 'seemed', 'looks', 'looked', 'sounds', 'bright', 'fresh', 'dark', 'red', 'some', 'keep', 'keeps', 'kept']);
/**
 * An amount said between a verb and its object ("vomited a small amount of blood", "threw up loads of blood",
 * "swallowed two of those little magnets"): skipped as one word. Only with its "of" (or "a few"), so "a lot" alone
 * stays a hedge and "the end of it" is no amount.
 */
const AMOUNT_NOUNS = new Set(['amount', 'bit', 'lot', 'load', 'loads', 'lots', 'bunch', 'handful', 'couple', 'streak', 'streaks', 'spot', 'spots', 'trace', 'traces', 'drop', 'drops', 'bits', 'specks', 'fleck', 'flecks', 'mouthful', 'mouthfuls', 'cupful', 'few', 'some', 'one', 'two', 'three', 'four', 'five', 'six', 'several', 'all', 'each', 'both']);
const AMOUNT_SIZES = new Set(['small', 'large', 'little', 'tiny', 'huge', 'big', 'good', 'fair', 'whole']);
const AMOUNT_DETERMINERS = new Set(['those', 'these', 'the', 'my', 'his', 'her', 'their', 'them']);
export function amountAt(words: string[], w: number): number {
  let i = w;
  if (words[i] === 'a') i++;
  if (AMOUNT_SIZES.has(words[i])) i++;
  if (!AMOUNT_NOUNS.has(words[i]) && !/^\d+$/.test(words[i] ?? '')) return 0;
  i++;
  if (words[i] !== 'of') return 0;
  i++;
  if (AMOUNT_DETERMINERS.has(words[i])) i++;
  if (AMOUNT_SIZES.has(words[i])) i++;
  return i - w;
}
const MEDICINE_NOUNS = new Set(['pills', 'tablets', 'meds', 'medication', 'medications', 'medicines', 'painkillers', 'capsules']);
// Words that end a description: a new clause or another object, not a kind of pill. Nor is whose they are ("got
// into her grandma's pills"): someone else's medicine is its own finding (the others_medicine composition).
const NOT_DESCRIBERS = new Set(['grandma', 'grandmother', 'grandpa', 'grandfather', 'grandad', 'granddad', 'granny', 'gran', 'nan', 'nana', 'nanna', 'nanny', 'mum', 'mom', 'mummy', 'mommy', 'dad', 'daddy', 'mother', 'father', 'sister', 'brother', 'aunt', 'auntie', 'aunty', 'uncle', 'husband', 'wife', 'partner', 'someone', 'somebody', 'neighbour', 'neighbor', 'roommate', 'flatmate', 'and', 'or', 'but', 'not', 'no', 'the', 'a', 'an', 'of', 'to', 'my', 'his', 'her', 'their', 'your', 'our', 'some', 'any', 'all', 'i', 'he', 'she', 'it', 'they', 'we', 'you', 'is', 'was', 'are', 'were', 'have', 'has', 'had', 'with', 'without', 'for', 'in', 'on', 'at', 'from', 'by', 'then', 'than', 'when', 'if', 'because', 'so', 'after', 'before', 'can', 'cannot']);
/** Verbs of using a body part, which a message joins before one object ("can't move or feel his legs"). */
const COORDINATED_VERBS = new Set(['move', 'feel', 'use', 'lift', 'raise', 'bend', 'straighten', 'grip', 'hold', 'see', 'hear', 'open', 'close', 'swallow', 'wiggle', 'turn']);
const COORDINATORS = new Set(['or', 'and', 'nor']);
const BALL_WORDS = new Set(['ball', 'balls', 'nut', 'nuts']);
/** Besides an owner (OWNERS, below), a side makes a ball someone's: "both balls", "either ball". */
const SIDE_WORDS = new Set(['both', 'either']);
/** Words of a phrase a message may leave out. */
const PHRASE_OPTIONAL = new Set(['is', 'are', 'am']);
/**
 * The singular of a plural noun or the base of a third-person verb, for a phrase written with the other form:
 * "legs cold and white" meets "leg ... cold and white", "feels weak" meets "feel weak". Only a plain "s"/"ies"/"es"
 * ending on a word of 4+ letters ("has", "was", "its" stay as they are; "less", "loss" end in "ss").
 */
export function singular(word: string): string | undefined {
  if (word.length < 4 || !word.endsWith('s') || word.endsWith('ss') || word.endsWith('us') || /\d/.test(word) || NOT_PLURAL.has(word)) return undefined;
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  // "presses", "pushes", "itches", "boxes": the "es" after a hissing sound goes ("when he presses on his ribs").
  if (/(?:ss|sh|tch|x|zz)es$/.test(word)) return word.slice(0, -2);
  return word.slice(0, -1);
}
/**
 * A phrase's "my" and "myself" stand for anyone's: who it is about is the experiencer's business, not the
 * vocabulary's ("thinking about killing himself", "struck her forehead").
 */
const POSSESSIVES = new Set(['his', 'her', 'their', 'your', 'our']);
const REFLEXIVES = new Set(['himself', 'herself', 'themselves', 'themself', 'yourself']);
// Words ending in "s" that are no plural of a lexicon word ("does" is not the abbreviation DOE).
const NOT_PLURAL = new Set(['does', 'goes', 'hers', 'ours', 'yours', 'theirs', 'this', 'thus', 'always', 'perhaps', 'sometimes', 'besides', 'towards', 'afterwards', 'news', 'lens', 'series', 'species', 'means', 'mumps', 'measles', 'diabetes', 'herpes', 'shingles', 'rabies', 'scabies', 'piles', 'hives', 'bends', 'glasses', 'pants', 'trousers', 'clothes', 'whereas', 'nowadays', 'upstairs', 'downstairs', 'outdoors', 'indoors', 'lots', 'days', 'weeks', 'months', 'years', 'hours', 'mins', 'secs', 'times', 'thanks', 'cheers']);
/** A phrase's "can not" and "will not" are told in the past too: "could not put any weight on it", "wouldn't use his arm". */
const PAST_MODALS: Record<string, string> = { can: 'could', will: 'would' };
const PRESENT_OF: Record<string, string> = Object.fromEntries(Object.entries(PAST_MODALS).map(([now, past]) => [past, now]));
// ... and its "me" anyone ("people are following him", "nobody listens to her").
const OBJECTS = new Set(['him', 'her', 'them']);
const sameWord = (word: string, token: string) =>
  word === token || singular(word) === token || (token === 'my' && POSSESSIVES.has(word)) || (token === 'myself' && REFLEXIVES.has(word)) || (token === 'me' && OBJECTS.has(word)) || PAST_MODALS[token] === word;

const BREAK = /[;:()[\]]/;
const WEAK_WORDS = new Set(['a', 'an', 'the', 'my', 'i', 'am', 'have', 'got', 'of', 'is', 'it', 'in', 'on', 'do', 'not']);

const PARTICLES = new Set(['up', 'down', 'out', 'off', 'back', 'over']);
const PARTICLE_OWNERS = new Set(['my', 'his', 'her', 'their', 'the', 'your']);
/**
 * A phrasal verb's particle goes before or after its object: "drawing his legs up" and "drawing up his legs",
 * "cut my finger off" and "cut off my finger". The other order of a lexicon phrase of either shape.
 */
export function particleShifts(tokens: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 1; i + 2 < tokens.length; i++) {
    // verb, owner, noun, particle -> verb, particle, owner, noun
    if (PARTICLE_OWNERS.has(tokens[i]) && PARTICLES.has(tokens[i + 2]) && !PARTICLE_OWNERS.has(tokens[i + 1]) && !PARTICLES.has(tokens[i - 1])) {
      out.push([...tokens.slice(0, i), tokens[i + 2], tokens[i], tokens[i + 1], ...tokens.slice(i + 3)]);
    }
    // verb, particle, owner, noun -> verb, owner, noun, particle
    if (PARTICLES.has(tokens[i]) && PARTICLE_OWNERS.has(tokens[i + 1]) && !PARTICLE_OWNERS.has(tokens[i + 2]) && !PARTICLES.has(tokens[i + 2])) {
      out.push([...tokens.slice(0, i), tokens[i + 1], tokens[i + 2], tokens[i], ...tokens.slice(i + 3)]);
    }
  }
  return out;
}

/**
 * Optimal string alignment distance capped at 2: one edit or one swap of neighbours ("pian" -> "pain"), which is
 * how most symptom typos look.
 */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 1) return 2;
  if (a === b) return 0;
  // Single pass for distance <= 1: skip the common prefix and suffix, then compare what is left.
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  let j = 0;
  while (j < a.length - i && j < b.length - i && a[a.length - 1 - j] === b[b.length - 1 - j]) j++;
  const ra = a.slice(i, a.length - j);
  const rb = b.slice(i, b.length - j);
  if (ra.length <= 1 && rb.length <= 1) return 1; // one substitution, insertion or deletion
  if (ra.length === 2 && rb.length === 2 && ra[0] === rb[1] && ra[1] === rb[0]) return 1; // a swap
  return 2;
}

/** Deletes of one character: the SymSpell index key set for distance 1. */
function deletes(w: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < w.length; i++) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/**
 * `earlier`: the words a pronoun may point back to; `messageWords`: every word of the message's earlier sentences and
 * of the conversation before (for `requireInMessage`).
 */
export type MatchContext = { ageYears?: number; ageMonths?: number; subject: 'self' | 'child' | 'other'; earlier?: string[]; messageWords?: string[] };

/**
 * `notAfter`: words that, just before the composition word, say it is about something else ("swelling going down").
 * `ownedOnly`: site words that are a body part only as someone's ("my left ball", not "a cricket ball").
 */
/** `forwardOnly`: the site must come after the word ("going round to my tummy", not "a tummy bug going round"). */
/**
 * `injury`: the words name an injury that explains a symptom at the site, so the site may be a word of a symptom
 * phrase already read ("a cut on the left side of his tummy": both are kept) and "after" joins them instead of
 * separating them ("eye pain after a splash of oven cleaner").
 */
export type Composition = { words: Set<string>; sites: Map<string, string>; notAfter?: Set<string>; ownedOnly?: Set<string>; forwardOnly?: boolean; injury?: boolean; replaces?: boolean; next?: Set<string> };

export type Matcher = {
  /** Concepts in one sentence's tokens (the message-wide token positions are kept). */
  /**
   * `antecedents`: words a pronoun may point back to, nearest first (earlier sentences of the message, then what the
   * conversation said before): "it's bright green" after "he has been sick" is green vomit.
   */
  match(tokens: Token[], who: MatchContext, antecedents?: string[], messageWords?: string[]): ConceptMatch[];
  /** Lexicon words a misspelled word may stand for (exposed for tests and the bench). */
  fuzzy(word: string): string[];
  readonly cacheSize: number;
};

/**
 * The matcher's index over a vocabulary: its phrases by first word (every inflected form, longest first) and the
 * words the phrases are made of. Most of the language layer's start-up; built as a step of its own (app.ts).
 */
export type MatcherIndex = { byFirst: Map<string, Phrase[]>; lexWords: Set<string> };

export function matcherIndexFor(vocabulary: Vocabulary): MatcherIndex {
  return drain(matcherIndexSteps(vocabulary));
}

/** `matcherIndexFor` in slices of a few hundred concepts (start-up yields to the event loop between them). */
export function* matcherIndexSteps(vocabulary: Vocabulary): Generator<void, MatcherIndex, void> {
  const byFirst = new Map<string, Phrase[]>();
  const lexWords = new Set<string>();
  let order = 0;
  let done = 0;
  for (const c of vocabulary.concepts) {
    if (++done % 500 === 0) yield;
    for (const p of new Set([c.name, ...c.lay, ...c.misspellings])) {
      const tokens = phraseForms(p);
      if (!tokens.length) continue;
      tokens.forEach((t) => lexWords.add(t));
      const key = tokens.join(' ');
      for (const form of c.origin === 'lexicon' ? [tokens, ...particleShifts(tokens)] : [tokens]) {
        const list = byFirst.get(form[0]) ?? [];
        list.push({ concept: c.id, tokens: form, text: p, order: order++, key });
        byFirst.set(form[0], list);
      }
    }
  }
  // Longest first; at equal length the curated lexicon (earlier) before the imported vocabularies.
  for (const list of byFirst.values()) list.sort((a, b) => b.tokens.length - a.tokens.length || a.order - b.order);
  return { byFirst, lexWords };
}

/**
 * SymSpell-style index: every lexicon word of 4+ letters and its one-letter deletes, so a typo's candidates are a
 * few map lookups instead of a scan of every lexicon word.
 * A key's words in the order they were added: one word as the string itself (about 55,000 of 59,000 keys), more as
 * a list. A list for every key took about 10 MB more in every thread that reads messages.
 */
function typoIndexFor(lexWords: Set<string>): Map<string, string | string[]> {
  const deleteIndex = new Map<string, string | string[]>();
  for (const w of lexWords) {
    if (w.length < 4 || /\d/.test(w)) continue;
    for (const k of [w, ...deletes(w)]) {
      const had = deleteIndex.get(k);
      if (had === undefined) deleteIndex.set(k, w);
      else if (typeof had === 'string') {
        if (had !== w) deleteIndex.set(k, [had, w]);
      } else if (!had.includes(w)) had.push(w);
    }
  }
  return deleteIndex;
}

/**
 * The phrase index shared by triage and retrieval. `isRealWord` says whether a word is spelled correctly (an
 * English word list plus the library's own words): such a word must match exactly, so only misspellings are
 * matched fuzzily and "never" can never be read as "fever". `index`: `matcherIndexFor(vocabulary)` when the caller
 * built it already (start-up builds it as a step of its own).
 */
export function createMatcher(vocabulary: Vocabulary, isRealWord: (w: string) => boolean, compositions: Composition[] = [], index: MatcherIndex = matcherIndexFor(vocabulary)): Matcher {
  const { byFirst, lexWords } = index;
  // Built on the first word that is not known exactly (a typo's candidates), not at start: most messages need none.
  let deleteIndex: Map<string, string | string[]> | undefined;
  const cache = new LruCache<string, string[]>(5000);

  const fuzzy = (word: string): string[] => {
    if (word.length < 4 || /\d/.test(word) || lexWords.has(word) || isRealWord(word)) return [];
    const hit = cache.get(word);
    if (hit) return hit;
    const candidates = new Set<string>();
    deleteIndex ??= typoIndexFor(lexWords);
    for (const k of [word, ...deletes(word)]) {
      const hit = deleteIndex.get(k);
      if (typeof hit === 'string') candidates.add(hit);
      else for (const w of hit ?? []) candidates.add(w);
    }
    const found = [...candidates].filter((w) => {
      if (editDistance(word, w) !== 1) return false;
      // Four-letter words only forgive a swap ("pian"); longer ones forgive one edit.
      return word.length >= 5 || (w.length === word.length && [...w].sort().join('') === [...word].sort().join(''));
    });
    cache.set(word, found);
    return found;
  };

  const guardsOf = new Map<string, SenseGuard[]>();
  for (const c of vocabulary.concepts) if (c.guards?.length) guardsOf.set(c.id, c.guards);
  const guardPhrases = new Map<SenseGuard, { forbid: string[][]; require: string[][]; phrases: Set<string> }>();
  for (const gs of guardsOf.values()) {
    for (const g of gs) {
      guardPhrases.set(g, {
        forbid: g.forbid.map(phraseForms),
        require: g.require.map(phraseForms),
        phrases: new Set(g.phrases.map((p) => phraseForms(p).join(' '))),
      });
    }
  }

  const near = (words: string[], start: number, end: number, phrase: string[], window: number) => {
    const from = Math.max(0, start - window);
    const to = Math.min(words.length, end + window);
    for (let i = from; i + phrase.length <= to; i++) {
      if (i + phrase.length > start && i < end) continue; // inside the match itself
      // A ball is a testicle only as someone's ("my left ball"), not "a golf-ball sized lump" or "kicked the ball".
      if (phrase.length === 1 && BALL_WORDS.has(phrase[0]) && !OWNERS.has(words[i - 1] ?? '') && !SIDE_WORDS.has(words[i - 1] ?? '')) continue;
      if (phrase.every((p, k) => words[i + k] === p)) return true;
    }
    return false;
  };

  /** Whether a guard holds for the words [start, end): its person, its forbidden and its required words. */
  function guardHolds(g: SenseGuard, words: string[], start: number, end: number, who: MatchContext): boolean {
    const gp = guardPhrases.get(g)!;
    const age = who.ageYears ?? (who.ageMonths !== undefined ? who.ageMonths / 12 : undefined);
    let ok = true;
    if (g.who === 'child') ok = age !== undefined ? age < 16 : who.subject === 'child';
    else if (g.who === 'infant') ok = age !== undefined ? age < 2 : who.subject === 'child';
    else if (g.who === 'adult') ok = age !== undefined ? age >= 16 : who.subject !== 'child';
    if (ok && gp.forbid.some((f) => near(words, start, end, f, g.window))) ok = false;
    if (ok && gp.require.length && !gp.require.some((r) => near(words, start, end, r, g.window))) {
      // ("I do dialysis Monday, Wednesday and Friday. I missed Monday and today": what the phrase is about may have
      // been named in an earlier sentence of the message or the conversation.)
      // (The whole sentence and every word before it, not only the words a pronoun may point back to: "has thrown up 3
      // times in the last couple of hours, and the last one was bright green".)
      // (Each part on its own, so a phrase is not made across the gap the match leaves.)
      const parts = [words.slice(0, start), words.slice(end), who.messageWords ?? who.earlier ?? []];
      ok = Boolean(g.requireInMessage && gp.require.some((r) => parts.some((w) => near(w, 0, 0, r, w.length))));
    }
    return ok;
  }

  /** The concept a match stands for after its sense guards: itself, another concept, or nothing. */
  function senseOf(concept: VocabularyConcept | undefined, phrase: Phrase, words: string[], start: number, end: number, who: MatchContext): string | null {
    if (!concept) return phrase.concept;
    for (const g of guardsOf.get(concept.id) ?? []) {
      const gp = guardPhrases.get(g)!;
      if (gp.phrases.size && !gp.phrases.has(phrase.key)) continue;
      // (A match sent to another concept meets that concept's guards that name no phrase: "a bit blue" sent to blue
      // lips by the colour words around it is still not cyanosis after a swim in the cold sea.)
      if (!guardHolds(g, words, start, end, who)) return g.otherwise ? composedSense(g.otherwise, words, start, end, who) : null;
    }
    return phrase.concept;
  }

  /**
   * A composed finding ("bite ~ snake", "lips ... blue") has no phrase of its own, so only the guards that name no
   * phrase apply to it (and to a match another guard sends to the concept): "snake bite piercings" and "lips blue after a blue slushie" are read in their other sense
   * whether the lexicon's phrase or a composition found them.
   */
  function composedSense(concept: string, words: string[], start: number, end: number, who: MatchContext): string | null {
    for (const g of guardsOf.get(concept) ?? []) {
      if (guardPhrases.get(g)!.phrases.size) continue;
      // The words between a composition's two halves are not its own ("pricked my finger with a sewing needle"): the
      // guard reads around each half.
      if (!guardHolds(g, words, start, start + 1, who) || !guardHolds(g, words, end - 1, end, who)) return g.otherwise ?? null;
    }
    return concept;
  }

  /** `breaksBefore[j]`: how many of the first j words are followed by a colon, semicolon or bracket. */
  function matchAt(words: string[], i: number, breaksBefore: number[]): { phrase: Phrase; end: number; fuzzy: boolean; inflected: boolean }[] {
    const out: { phrase: Phrase; end: number; fuzzy: boolean; inflected: boolean; amount: number }[] = [];
    const firstFuzzy = fuzzy(words[i]);
    const one = POSSESSIVES.has(words[i]) ? 'my' : (PRESENT_OF[words[i]] ?? singular(words[i]));
    // The phrase lists as they are (not copied into one: the commonest first words start hundreds of phrases).
    const lists = [byFirst.get(words[i]), one ? byFirst.get(one) : undefined, ...firstFuzzy.map((w) => byFirst.get(w))];
    for (const list of lists) for (const phrase of list ?? []) {
      // A one-word phrase is met only in its own form: "burns when I pee" is no burn, though "legs cold and white"
      // meets "leg cold and white".
      if (phrase.tokens.length === 1 && phrase.tokens[0] !== words[i] && !firstFuzzy.includes(phrase.tokens[0])) continue;
      let w = i;
      let ok = true;
      let usedFuzzy = false;
      let inflected = false;
      let amount = 0;
      for (let k = 0; k < phrase.tokens.length; k++) {
        if (k > 0) {
          let skipped = 0;
          while (w < words.length && !sameWord(words[w], phrase.tokens[k]) && skipped < 3) {
            if (FILLERS.has(words[w])) w++;
            // Two verbs sharing one object ("can't move or feel his legs", "can't lift or straighten it"): the other
            // verb and its "or" are skipped, whichever of the two the phrase names.
            else if (COORDINATED_VERBS.has(words[w]) && COORDINATORS.has(words[w + 1]) && sameWord(words[w + 2] ?? '', phrase.tokens[k])) w += 2;
            else if (COORDINATORS.has(words[w]) && COORDINATED_VERBS.has(words[w + 1]) && COORDINATED_VERBS.has(phrase.tokens[k - 1]) && sameWord(words[w + 2] ?? '', phrase.tokens[k])) w += 2;
            // What kind of pills ("saving up my sleeping pills", "took all her blood pressure tablets"): a describing
            // word or two before a medicine noun of the phrase.
            else if (MEDICINE_NOUNS.has(phrase.tokens[k]) && !NOT_DESCRIBERS.has(words[w]) && /^[a-z]+$/.test(words[w])) w++;
            // "a bit", "a little", "a lot": a hedge between the words of a phrase ("breathing a bit fast").
            else if (words[w] === 'a' && HEDGES.has(words[w + 1]) && words[w + 2] !== 'of') w += 2;
            else {
              const n = amountAt(words, w);
              if (!n) break;
              amount += n;
              w += n;
            }
            skipped++;
          }
        }
        // (Compared once here, not again in each test below.)
        const same = w < words.length && sameWord(words[w], phrase.tokens[k]);
        // A linking word of the phrase the message leaves out ("vision's blurry" for "vision is blurry").
        if (k > 0 && !same && PHRASE_OPTIONAL.has(phrase.tokens[k]) && k < phrase.tokens.length - 1) continue;
        // A phrase does not run across a colon, semicolon or bracket ("Chief complaint: weakness; heart rate 40"). It may
        // cross a comma: descriptors are listed with commas ("red, hot, swollen", "hands, feet and mouth").
        if (w >= words.length || (k > 0 && breaksBefore[w] > breaksBefore[i])) {
          ok = false;
          break;
        }
        if (same) {
          if (words[w] !== phrase.tokens[k]) inflected = true;
        } else if (fuzzy(words[w]).includes(phrase.tokens[k])) usedFuzzy = true;
        else {
          ok = false;
          break;
        }
        w++;
      }
      if (ok) out.push({ phrase, end: w, fuzzy: usedFuzzy, inflected, amount });
    }
    // The longest stretch of text first; exact before fuzzy, and the message's own word form before another
    // ("can't move my legs" is both legs, not "can't move my leg"); then the phrase order (curated before imported).
    // Of two phrases over the same words, the one that skips fewer of them ("drank some bleach" over "drank bleach").
    const skipped = (m: { phrase: Phrase; end: number }) => m.end - i - m.phrase.tokens.length;
    // An amount a phrase skipped does not make it longer: "took a handful of paracetamol" is the overdose phrase
    // "took a handful of", not "took paracetamol" stretched over the handful.
    return out.sort((a, b) => b.end - b.amount - (a.end - a.amount) || Number(a.fuzzy) - Number(b.fuzzy) || Number(a.inflected) - Number(b.inflected) || Math.max(0, skipped(a)) - Math.max(0, skipped(b)) || a.phrase.order - b.phrase.order);
  }

  function match(tokens: Token[], person: MatchContext, antecedents: string[] = [], messageWords?: string[]): ConceptMatch[] {
    const who: MatchContext = { ...person, earlier: antecedents, messageWords: messageWords ?? antecedents };
    const words = tokens.map((t) => t.norm);
    const breaksBefore = [0];
    for (const t of tokens) breaksBefore.push(breaksBefore[breaksBefore.length - 1] + (BREAK.test(t.post) ? 1 : 0));
    const base = tokens[0]?.i ?? 0;
    const all: (ConceptMatch & { weight: number })[] = [];
    for (let i = 0; i < words.length; i++) {
      // Every phrase starting here, longest first: the longest whose sense holds wins this position.
      // "No, pulse over 150": an answer's "no" before a comma starts no phrase ("no pulse").
      const answerNo = (words[i] === 'no' || words[i] === 'yes') && tokens[i].post.includes(',');
      for (const m of matchAt(words, i, breaksBefore)) {
        if (answerNo && m.end - i > 1) continue;
        const concept = senseOf(vocabulary.byId.get(m.phrase.concept), m.phrase, words, i, m.end, who);
        if (!concept) continue;
        const content = words.slice(i, m.end).filter((w) => !WEAK_WORDS.has(w)).length;
        const curated = vocabulary.byId.get(concept)?.origin === 'lexicon' ? 1 : 0;
        all.push({ concept, start: base + i, end: base + m.end, phrase: m.phrase.text, fuzzy: m.fuzzy, weight: content * 10 + (m.end - i) + curated * 0.5 });
        break;
      }
    }
    all.sort((a, b) => b.weight - a.weight || a.start - b.start);
    const taken = new Set<number>();
    const chosen: ConceptMatch[] = [];
    for (const m of all) {
      let free = true;
      for (let i = m.start; i < m.end; i++) if (taken.has(i)) free = false;
      if (!free) continue;
      for (let i = m.start; i < m.end; i++) taken.add(i);
      chosen.push(strip(m));
    }
    // A phrase that only partly overlaps a chosen one still counts when its own part carries meaning:
    // "pregnant and bleeding heavily" is both vaginal bleeding and heavy bleeding.
    for (const m of all) {
      if (chosen.some((c) => c.start === m.start && c.end === m.end) || chosen.some((c) => c.concept === m.concept)) continue;
      const own = words.slice(m.start - base, m.end - base).filter((w, k) => !taken.has(m.start + k) && !WEAK_WORDS.has(w));
      const inside = chosen.some((c) => m.start >= c.start && m.end <= c.end);
      if (own.length && !inside) chosen.push(strip(m));
    }
    // A condition's name may hold a finding the condition has ("paracetamol overdose", "first seizure"): it counts
    // too, so a red-flag rule about the finding is not hidden by the longer name.
    for (const m of all) {
      if (chosen.some((c) => c.start === m.start && c.end === m.end && c.concept === m.concept)) continue;
      // Only a finding the condition has: "hay fever" holds no fever, "food poisoning" no poisoning.
      const holder = chosen.find((c) => m.start >= c.start && m.end <= c.end && vocabulary.byId.get(c.concept)?.features?.includes(m.concept));
      if (holder && vocabulary.byId.get(m.concept)?.kind !== 'condition' && !chosen.some((c) => c.concept === m.concept)) chosen.push(strip(m));
    }
    for (const c of compositions) addCompositions(words, base, chosen, c, vocabulary, antecedents);
    for (let k = chosen.length - 1; k >= 0; k--) {
      const m = chosen[k];
      if (!m.phrase.includes(' ~ ')) continue;
      const concept = composedSense(m.concept, words, m.start - base, m.end - base, who);
      if (concept === null) chosen.splice(k, 1);
      else if (concept !== m.concept) chosen[k] = { ...m, concept };
    }
    return chosen.sort((a, b) => a.start - b.start);
  }

  return {
    match,
    fuzzy,
    get cacheSize() {
      return cache.size;
    },
  };
}

const strip = ({ concept, start, end, phrase, fuzzy }: ConceptMatch): ConceptMatch => ({ concept, start, end, phrase, fuzzy });

const NOT_BODY_BACK_BEFORE = new Set(['go', 'goes', 'going', 'went', 'gone', 'come', 'comes', 'coming', 'came', 'put', 'get', 'got', 'push', 'pushed', 'pop', 'popped', 'bring', 'brought', 'call', 'called', 'ring', 'rang', 'way', 'be', 'is', 'was', 'turn', 'turned', 'looking', 'look', 'looked', 'step', 'stepped', 'sit', 'sat', 'lie', 'lay', 'lying', 'fall', 'fell', 'falling', 'bounce', 'bounced', 'fight', 'hold', 'held']);
const NOT_BODY_BACK_AFTER = new Set(['in', 'to', 'on', 'home', 'up', 'again', 'then', 'when', 'from', 'into', 'out', 'down']);
const OWNERS = new Set(['my', 'his', 'left', 'right', 'one', 'your']);
const COMPOSITION_STOPS = new Set(['but', 'because', 'after', 'no', 'not', 'without', 'denies', 'never']);
const SITE_DENIALS = new Set(['not', 'normal', 'fine', 'ok', 'okay', 'unaffected', 'spared', 'clear']);
const SITE_EXAMS = new Set(['squeeze', 'test', 'exam', 'examination', 'check', 'reflexes', 'x', 'xray']);

/**
 * "sharp pain in the right side of my chest": a pain word within 7 words of a body part, in the same stretch of
 * text and outside any lexicon phrase (or inside a modifier), makes that body part's finding.
 */
const CONJUNCTIONS = new Set(['and', 'or', '&', 'plus']);
const SITE_AS_MODIFIER = new Set(['tooth', 'teeth', 'molar', 'molars', 'door', 'garden', 'seat', 'yard', 'pocket', 'teacher', 'lice', 'office', 'room', 'light', 'lights', 'park', 'parks', 'keys', 'wash', 'boot', 'insurance', 'radio', 'alarm', 'stop', 'station', 'pass', 'lane', 'shelter']);
const PRONOUNS = new Set(['it', 'its', 'they', 'this', 'that', 'them', 'one', 'ones']);
const PART_OF = new Set(['edge', 'edges', 'side', 'part', 'corner', 'end', 'bit', 'tip', 'half', 'rim']);

/** Whether the word at j, as a site, is the body part and not another sense of the word. */
export function isBodySite(words: string[], j: number): boolean {
  // "it won't go back", "call me back", "back in": not the body part. "the back of my hand", "the balls of my
  // feet": a part of another part.
  if (words[j] === 'back' && (NOT_BODY_BACK_BEFORE.has(words[j - 1] ?? '') || NOT_BODY_BACK_AFTER.has(words[j + 1] ?? ''))) return false;
  // "toothache bottom right at the back": where in the mouth, not the back.
  if (words[j] === 'back' && words[j - 1] === 'the' && words[j - 2] === 'at') return false;
  if (words[j + 1] === 'of' || words[j - 1] === 'golf' || words[j - 1] === 'tennis') return false;
  // "the back edge of the ankle bone", "the back part of my head": a part of another part too.
  if (PART_OF.has(words[j + 1] ?? '') && words[j + 2] === 'of') return false;
  // "a back tooth", "the back door", "head teacher": the site word names another thing.
  return !SITE_AS_MODIFIER.has(words[j + 1] ?? '');
}

const SITE_OWNERS = new Set(['my', 'his', 'her', 'their', 'the', 'your', 'left', 'right', 'lower', 'upper']);
const CLAUSE_VERBS = new Set(['is', 'was', 'are', 'were', 'feels', 'felt', 'seems', 'looks', 'looked', 'has', 'had']);

/**
 * Sites joined to the site at j by "and" / "or" ("pain in my back and tummy", "my tummy and back hurt"): the same
 * word is placed at each. A site that opens a clause of its own ("... and my tummy is fine") is not joined.
 */
function coordinatedSites(words: string[], j: number): number[] {
  const out: number[] = [];
  let b = j - 1;
  while (b > j - 3 && SITE_OWNERS.has(words[b] ?? '')) b--;
  if (CONJUNCTIONS.has(words[b] ?? '')) out.push(b - 1);
  if (CONJUNCTIONS.has(words[j + 1] ?? '')) {
    let k = j + 2;
    while (k < j + 4 && SITE_OWNERS.has(words[k] ?? '')) k++;
    if (!CLAUSE_VERBS.has(words[k + 1] ?? '')) out.push(k);
  }
  return out.filter((k) => k >= 0 && k < words.length);
}

function addCompositions(words: string[], base: number, matches: ConceptMatch[], rule: Composition, vocabulary: Vocabulary, antecedents: string[] = []): void {
  // Another composition does not own its words ("my leg is cold and painful": the leg is both cold and painful).
  const covering = (i: number) => matches.find((m) => !m.focus && base + i >= m.start && base + i < m.end);
  const bodySite = (j: number): boolean => isBodySite(words, j) && !(rule.ownedOnly?.has(words[j]) && !OWNERS.has(words[j - 1] ?? ''));
  const found = new Set(matches.map((m) => m.concept));
  // The composition word at i placed at each joined site k that is free ("pain in my back and tummy").
  const placeAtJoined = (i: number, joined: number[]) => {
    for (const k of joined) {
      const other = rule.sites.get(words[k]);
      if (!other || found.has(other) || !bodySite(k) || covering(k)) continue;
      matches.push({ concept: other, start: base + Math.min(i, k), end: base + Math.max(i, k) + 1, phrase: `${words[i]} ~ ${words[k]}`, fuzzy: false, focus: { start: base + i, end: base + i + 1 } });
      found.add(other);
    }
  };
  for (let i = 0; i < words.length; i++) {
    // (Before anything else: most words are no composition word.)
    if (!rule.words.has(words[i])) continue;
    const cover = covering(i);
    // A word inside a longer phrase belongs to it; a one-word finding ("weakness") can still be placed ("left side
    // weakness" is one-sided weakness), and so can a modifier ("severe").
    // An imported vocabulary's generic phrase ("motor weakness") yields to our composition ("right side motor
    // weakness" is one-sided weakness).
    const generic = (id: string) => {
      const c = vocabulary.byId.get(id);
      return c?.kind === 'modifier' || (c !== undefined && c.origin !== 'lexicon');
    };
    // A phrase whose finding the composition refines does not own the word either: "fell off a roof" is the fall
    // "fell off" and, placed at the roof, a fall from a height (which implies the fall).
    const refines = (id: string) => [...rule.sites.values()].some((c) => vocabulary.byId.get(c)?.implies?.includes(id));
    if (cover && cover.end - cover.start > 1 && !generic(cover.concept) && !refines(cover.concept)) {
      // "back and abdo pain", "my back and my tummy are sore": the word of a phrase also belongs to a site coordinated
      // before it; "pain in my back and tummy": and to one joined after a phrase that ends at its own site.
      const first = cover.start - base;
      const last = cover.end - base - 1;
      // "my left face and arm went numb": sites joined to the one right before a phrase of the word ("went numb"); the
      // one site alone stays the phrase's ("my arm went numb" is numbness, as the lexicon reads it).
      const joined = [
        ...coordinatedSites(words, first - 1).filter((k) => k < first - 1),
        ...coordinatedSites(words, first).filter((k) => k < first),
        ...(last > i && rule.sites.has(words[last]) ? coordinatedSites(words, last).filter((k) => k > last) : []),
      ];
      placeAtJoined(i, joined);
      continue;
    }
    if (rule.notAfter && words.slice(Math.max(0, i - 3), i).some((w) => rule.notAfter!.has(w))) continue;
    if (rule.next && !rule.next.has(words[i + 1] ?? '')) continue;
    let placed = false;
    for (let d = 1; d <= 7; d++) {
      let done = false;
      for (const j of rule.forwardOnly ? [i + d] : [i + d, i - d]) {
        const concept = rule.sites.get(words[j] ?? '');
        if (!concept || found.has(concept) || !bodySite(j)) continue;
        // A site said to be fine ("face not swollen", "face is normal"), or whose examination was ("calf squeeze normal",
        // "calf squeeze test is normal"), is not where the word is.
        const saidFine = (k: number) => SITE_DENIALS.has(words[k] ?? '') || (['is', 'was'].includes(words[k] ?? '') && SITE_DENIALS.has(words[k + 1] ?? ''));
        const exam = SITE_EXAMS.has(words[j + 1] ?? '') ? (SITE_EXAMS.has(words[j + 2] ?? '') ? j + 3 : j + 2) : -1;
        if (saidFine(j + 1) || (exam > 0 && saidFine(exam))) continue;
        // A site inside a phrase is free for an injury, or for a finding that refines the phrase's ("vomited bright
        // red blood": the vomiting is vomiting blood).
        const siteCover = covering(j);
        if (siteCover && !rule.injury && !vocabulary.byId.get(concept)?.implies?.includes(siteCover.concept)) continue;
        const between = words.slice(Math.min(i, j), Math.max(i, j));
        if (between.some((w) => COMPOSITION_STOPS.has(w) && !(rule.injury && w === 'after'))) continue;
        matches.push({ concept, start: base + Math.min(i, j), end: base + Math.max(i, j) + 1, phrase: `${words[i]} ~ ${words[j]}`, fuzzy: false, focus: { start: base + i, end: base + i + 1 } });
        found.add(concept);
        placeAtJoined(i, coordinatedSites(words, j));
        done = true;
        placed = true;
        break;
      }
      if (done) break;
    }
    // With `replaces`, the bare word placed at its site is that site's finding, not a second, vaguer one: "tingling on
    // the edge of my top lip" is a tingling lip, not numbness.
    if (placed && rule.replaces && cover && cover.end - cover.start === 1 && vocabulary.byId.get(cover.concept)?.kind !== 'modifier') matches.splice(matches.indexOf(cover), 1);
    // A pronoun next to the word points back to its site ("the sick ... it's bright green", "runny poo ... there's blood
    // in it now"): the nearest site word earlier in the sentence, then the antecedents.
    if (placed || rule.forwardOnly) continue;
    // ("been sick and it was a lot of bright red blood": "it" as the subject of a clause up to eight words before.)
    const farIt = [-8, -7, -6, -5, -4].find((d) => words[i + d] === 'it');
    const farItOk = farIt !== undefined && !words.slice(i + farIt, i).some((w) => COMPOSITION_STOPS.has(w));
    if (![-3, -2, -1, 1, 2].some((d) => PRONOUNS.has(words[i + d] ?? '')) && !farItOk) continue;
    // A site inside an injury already read is the injury's ("I burned my arm ... it's agony": the pain is the burn's),
    // and a site word in another sense is no site ("two puncture wounds on the back of my hand ... it's sore").
    const injuryAt = (k: number) => vocabulary.byId.get(covering(k)?.concept ?? '')?.kind === 'event';
    const earlier = words.slice(0, Math.max(0, i - 1)).map((w, k) => (rule.sites.has(w) && (injuryAt(k) || !bodySite(k)) ? '' : w)).reverse();
    for (const w of [...earlier, ...antecedents]) {
      const concept = rule.ownedOnly?.has(w) ? undefined : rule.sites.get(w);
      if (!concept) continue;
      if (!found.has(concept)) {
        matches.push({ concept, start: base + i, end: base + i + 1, phrase: `${words[i]} ~ (${w})`, fuzzy: false, focus: { start: base + i, end: base + i + 1 } });
        found.add(concept);
      }
      break;
    }
  }
}
