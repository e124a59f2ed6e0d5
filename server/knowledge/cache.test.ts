import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { languageFor, vocabularyFor } from '../language/setup';
import { createFocusIndex } from '../retrieval/focus';
import { createQuestionReader, focusDataFor } from '../retrieval/question';
import { linkConditionArticles } from '../language/vocabulary';
import { loadKnowledgeCached } from './cache';
import { loadKnowledge } from './load';

/** Maps and Sets as their entries, so two readings compare as JSON. */
const replacer = (_k: string, v: unknown) => (v instanceof Map || v instanceof Set ? [...v] : v);

const dir = mkdtempSync(join(tmpdir(), 'careline-kcache-'));
const knowledgeDir = join(dir, 'knowledge');
cpSync('knowledge', knowledgeDir, { recursive: true });
const cacheFile = join(dir, 'data', 'knowledge.cache');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the knowledge cache', () => {
  it('gives what parsing the folder gives, from the cache while nothing changed', () => {
    const first = loadKnowledgeCached(knowledgeDir, cacheFile, 'code-1');
    expect(first.fromCache).toBe(false);
    const second = loadKnowledgeCached(knowledgeDir, cacheFile, 'code-1');
    expect(second.fromCache).toBe(true);
    const parsed = loadKnowledge(knowledgeDir);
    expect(isDeepStrictEqual(second.knowledge, parsed)).toBe(false);
    // The folder as parsed, its lexicon as building the vocabulary leaves it (conditions' articles linked).
    linkConditionArticles(parsed.lexicon, parsed.conditions);
    expect(isDeepStrictEqual(second.knowledge, parsed)).toBe(true);
    // The vocabulary kept beside it is the one built from the parsed folder, its concepts shared with `byId` as built.
    expect(isDeepStrictEqual(second.vocabulary, vocabularyFor(parsed))).toBe(true);
    expect(second.vocabulary.byId.get(second.vocabulary.concepts[0].id)).toBe(second.vocabulary.concepts[0]);
    // So is the retriever's focus index data, and a question reader over it reads questions as one built afresh.
    expect(isDeepStrictEqual(second.focus, focusDataFor(parsed, vocabularyFor(parsed)))).toBe(true);
    const language = languageFor(second.knowledge, second.vocabulary);
    const articles = second.knowledge.articles.map((a) => ({ ...a, concepts: a.concepts ?? [] }));
    const cached = createQuestionReader({ language, articles, conditions: second.knowledge.conditions, focus: second.focus });
    const fresh = createQuestionReader({ language, articles, conditions: second.knowledge.conditions });
    for (const text of ['how do I treat a mild sunburn at home?', 'my child has a fever and a rash that does not fade', 'what is the referral pathway for a TIA', 'chest pain and breathless even at rest']) {
      expect(JSON.stringify(cached.read(text), replacer), text).toBe(JSON.stringify(fresh.read(text), replacer));
    }
  });

  it('builds the focus index data again for another list of articles (a clinic document quarantined)', () => {
    const { knowledge, vocabulary, focus } = loadKnowledgeCached(knowledgeDir, cacheFile, 'code-1');
    const language = languageFor(knowledge, vocabulary);
    const fewer = knowledge.articles.slice(1).map((a) => ({ ...a, concepts: a.concepts ?? [] }));
    const withCached = createFocusIndex(fewer, language, [], focus);
    const fresh = createFocusIndex(fewer, language, []);
    const gone = knowledge.articles[0];
    expect(fresh.names(gone.id)).toEqual([]);
    expect(withCached.names(gone.id)).toEqual([]);
    expect(focus.subject.get(gone.id)?.size).toBeGreaterThan(0);
  });

  it('parses the folder again when a file or the code changes', () => {
    expect(loadKnowledgeCached(knowledgeDir, cacheFile, 'code-2').fromCache).toBe(false);
    expect(loadKnowledgeCached(knowledgeDir, cacheFile, 'code-2').fromCache).toBe(true);
    appendFileSync(join(knowledgeDir, 'lexicon', 'abbreviations.yaml'), '\n# a comment changes the bytes\n');
    const changed = loadKnowledgeCached(knowledgeDir, cacheFile, 'code-2');
    expect(changed.fromCache).toBe(false);
    expect(changed.knowledge.contentHash).not.toBe(loadKnowledge('knowledge').contentHash);
    const parsed = loadKnowledge(knowledgeDir);
    linkConditionArticles(parsed.lexicon, parsed.conditions);
    expect(isDeepStrictEqual(changed.focus, focusDataFor(parsed, vocabularyFor(parsed)))).toBe(true);
  });
});
