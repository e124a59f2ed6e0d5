import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { vocabularyFor } from '../language/setup';
import { linkConditionArticles } from '../language/vocabulary';
import { loadKnowledgeCached } from './cache';
import { loadKnowledge } from './load';

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
  });

  it('parses the folder again when a file or the code changes', () => {
    expect(loadKnowledgeCached(knowledgeDir, cacheFile, 'code-2').fromCache).toBe(false);
    expect(loadKnowledgeCached(knowledgeDir, cacheFile, 'code-2').fromCache).toBe(true);
    appendFileSync(join(knowledgeDir, 'lexicon', 'abbreviations.yaml'), '\n# a comment changes the bytes\n');
    const changed = loadKnowledgeCached(knowledgeDir, cacheFile, 'code-2');
    expect(changed.fromCache).toBe(false);
    expect(changed.knowledge.contentHash).not.toBe(loadKnowledge('knowledge').contentHash);
  });
});
