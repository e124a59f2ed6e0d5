import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import type { Knowledge } from '../knowledge/load';
import { createLanguage, type Language } from './index';
import type { Composition } from './matcher';
import { buildVocabulary } from './vocabulary';

let englishWords: Set<string> | undefined;

/** Correctly spelled words: an English word list plus every word of the articles (read once per process). */
function realWords(k: Knowledge): Set<string> {
  englishWords ??= new Set(readFileSync(wordListPath, 'utf8').split('\n').filter((w) => w.length >= 4));
  const words = new Set(englishWords);
  for (const a of k.articles) for (const w of `${a.title} ${a.summary} ${a.body}`.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
  // Everyday words the articles may not contain, which are one edit away from a symptom word.
  for (const w of ['never', 'fine', 'pin', 'rain', 'paint', 'pale', 'heat', 'hear', 'feet', 'fear', 'sore', 'more', 'best', 'chess', 'coffee', 'cough', 'rush']) words.add(w);
  return words;
}

/** The language layer for a knowledge base: its vocabulary (lexicon + public vocabularies) and ConText rules. */
export function languageFor(k: Knowledge): Language {
  const vocabulary = buildVocabulary(k.lexicon, k.imports, k.vocabularyConfig, k.conditions);
  // The word list (about 270,000 words) is read on first use, not at start: only a word the vocabulary does not
  // know exactly asks whether it is spelled correctly.
  let words: Set<string> | undefined;
  const compositions: Composition[] = k.triage.compositions.map((c) => ({ words: new Set(c.words), sites: new Map(Object.entries(c.sites)), ...(c.notAfter ? { notAfter: new Set(c.notAfter) } : {}), ...(c.ownedOnly ? { ownedOnly: new Set(c.ownedOnly) } : {}), ...(c.forwardOnly ? { forwardOnly: true } : {}) }));
  return createLanguage({
    vocabulary,
    contextRules: k.context,
    isRealWord: (w) => (words ??= realWords(k)).has(w),
    compositions,
    alwaysCurrent: new Set(k.triage.alwaysCurrent),
    writerReactions: new Set(k.triage.writerReactions),
  });
}
