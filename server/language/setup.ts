import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import type { Knowledge } from '../knowledge/load';
import { createLanguage, type Language } from './index';
import type { Composition, MatcherIndex } from './matcher';
import { buildVocabulary, type Vocabulary } from './vocabulary';

/**
 * The English word list (about 270,000 words of 4 letters or more), once per process or thread: the file as one
 * string and an open-addressing table of where each word starts, compared letter by letter, so a lookup allocates
 * nothing and the answer is exactly the Set's. About 5 MB, where a Set of the words took about 20 MB, and a copy of
 * it with the articles' words another 10 MB in every thread.
 */
let englishWords: ((w: string) => boolean) | undefined;

export function compactWordList(text: string, minLength: number): (w: string) => boolean {
  const starts: number[] = [];
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    if (end - at >= minLength) starts.push(at);
    at = end + 1;
  }
  let size = 1024;
  while (size < starts.length * 1.5) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size); // a word's start + 1; 0 is empty
  const hashOf = (s: string, from: number, to: number) => {
    let h = 0x811c9dc5;
    for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    return h >>> 0;
  };
  const endOf = (at: number) => {
    const end = text.indexOf('\n', at);
    return end < 0 ? text.length : end;
  };
  const sameAs = (w: string, at: number) => {
    if (endOf(at) - at !== w.length) return false;
    for (let i = 0; i < w.length; i++) if (text.charCodeAt(at + i) !== w.charCodeAt(i)) return false;
    return true;
  };
  for (const at of starts) {
    const word = text.slice(at, endOf(at));
    let k = hashOf(text, at, at + word.length) & mask;
    for (; slots[k] !== 0; k = (k + 1) & mask) if (sameAs(word, slots[k] - 1)) break;
    slots[k] = at + 1;
  }
  return (w) => {
    if (w.length < minLength) return false;
    for (let k = hashOf(w, 0, w.length) & mask; slots[k] !== 0; k = (k + 1) & mask) if (sameAs(w, slots[k] - 1)) return true;
    return false;
  };
}

/** Correctly spelled words: the English word list plus every word of the articles. */
function realWords(k: Knowledge): (w: string) => boolean {
  const english = (englishWords ??= compactWordList(readFileSync(wordListPath, 'utf8'), 4));
  const own = new Set<string>();
  for (const a of k.articles) for (const w of `${a.title} ${a.summary} ${a.body}`.toLowerCase().match(/[a-z]+/g) ?? []) if (!english(w)) own.add(w);
  // Everyday words the articles may not contain, which are one edit away from a symptom word ("steri-strips" is
  // not "STEMI").
  for (const w of ['never', 'fine', 'pin', 'rain', 'paint', 'pale', 'heat', 'hear', 'feet', 'fear', 'sore', 'more', 'best', 'chess', 'coffee', 'cough', 'rush', 'steri', 'leeds', 'lispy']) if (!english(w)) own.add(w);
  return (w) => english(w) || own.has(w);
}

/** A knowledge base's vocabulary: the lexicon, the conditions' names and the public vocabularies. */
export function vocabularyFor(k: Knowledge): Vocabulary {
  return buildVocabulary(k.lexicon, k.imports, k.vocabularyConfig, k.conditions);
}

/**
 * The language layer for a knowledge base: its vocabulary (lexicon + public vocabularies) and ConText rules.
 * `vocabulary`: `vocabularyFor(k)` when the caller built it already (start-up builds the two one after the other);
 * `matcherIndex`: `matcherIndexFor(vocabulary)`, likewise (start-up builds it in slices, app.ts).
 */
export function languageFor(k: Knowledge, vocabulary: Vocabulary = vocabularyFor(k), matcherIndex?: MatcherIndex): Language {
  // The word list (about 270,000 words) is read on first use, not at start: only a word the vocabulary does not
  // know exactly asks whether it is spelled correctly.
  let words: ((w: string) => boolean) | undefined;
  const compositions: Composition[] = k.triage.compositions.map((c) => ({ words: new Set(c.words), sites: new Map(Object.entries(c.sites)), ...(c.notAfter ? { notAfter: new Set(c.notAfter) } : {}), ...(c.ownedOnly ? { ownedOnly: new Set(c.ownedOnly) } : {}), ...(c.forwardOnly ? { forwardOnly: true } : {}), ...(c.injury ? { injury: true } : {}), ...(c.replaces ? { replaces: true } : {}), ...(c.next ? { next: new Set(c.next) } : {}) }));
  return createLanguage({
    vocabulary,
    contextRules: k.context,
    isRealWord: (w) => (words ??= realWords(k))(w),
    compositions,
    alwaysCurrent: new Set(k.triage.alwaysCurrent),
    writerReactions: new Set(k.triage.writerReactions),
    ...(matcherIndex ? { matcherIndex } : {}),
  });
}
