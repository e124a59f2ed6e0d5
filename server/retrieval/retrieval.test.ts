import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { createKnowledgeIndex } from '../db/knowledge-index';
import { indexKnowledge } from '../knowledge/ingest';
import { loadKnowledge } from '../knowledge/load';
import { createTriage } from '../triage';
import { buildMatch, quoteTerm, tokensForSearch } from './fts-query';
import { createRetriever } from './index';

const dir = mkdtempSync(join(tmpdir(), 'retrieval-'));
const db = openDatabase(join(dir, 'kb.db'));
const knowledge = loadKnowledge('knowledge');
indexKnowledge(db, knowledge);
const store = createKnowledgeIndex(db);
const retriever = createRetriever({
  store,
  language: createTriage(knowledge, { emergencyNumber: '911' }).language,
  concepts: knowledge.lexicon,
  articles: knowledge.articles,
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});
const top = (q: string, audience: 'patient' | 'nurse' = 'patient') => retriever.search(q, { audience })[0]?.articleId;

describe('the FTS5 query builder', () => {
  it.each([
    '"chest pain',
    'fever*',
    'NEAR(fever rash)',
    'title:sunburn',
    'cough ((',
    'rash) OR (1=1',
    '^headache - -',
    'AND OR NOT',
    "'; DROP TABLE articles; --",
    '😷 fièvre über',
  ])('turns %j into a query that never raises an SQL error', (text) => {
    const match = buildMatch(tokensForSearch(text).map(quoteTerm));
    if (match) expect(() => store.searchChunks(match, null, 5)).not.toThrow();
    expect(() => retriever.search(text)).not.toThrow();
  });

  it('quotes every term, doubling embedded quotes', () => {
    expect(quoteTerm('a"b')).toBe('"a""b"');
    expect(buildMatch(['"x"', '"x"', '"y"'])).toBe('"x" OR "y"');
  });

  it('drops words that carry no meaning', () => {
    expect(tokensForSearch('What should I do about my headache?')).toEqual(['headache']);
  });
});

describe('finding the right article', () => {
  it.each([
    ['how do I treat a mild sunburn at home?', 'sunburn'],
    ['burning when I pee and I need to go all the time', 'urinary-tract-infection'],
    ['bad diarhea after my holiday', 'diarrhoea'],
    ['my little one has a barking cough at night', 'croup'],
    ['crushing pain in my chest going into my arm', 'heart-attack'],
    ['signs of a stroke', 'stroke'],
  ])('%s -> %s (lay words, misspellings and the lexicon)', (q, id) => {
    const ids = retriever.search(q, { audience: 'patient', limit: 3 }).map((r) => r.articleId);
    expect(ids).toContain(id);
  });

  it('keeps patients and nurses in their own libraries', () => {
    expect(top('NEWS2 escalation', 'nurse')).toMatch(/^nurse-news2/);
    expect(retriever.search('sepsis', { audience: 'patient', limit: 10 }).every((r) => r.audience === 'patient')).toBe(true);
  });

  it('puts each article once before repeating one', () => {
    const ids = retriever.search('chest pain', { limit: 5 }).map((r) => r.articleId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('the relevance floor', () => {
  it.each([['how do I treat a mild sunburn at home?', true], ['my 2 year old has a fever', true], ['write me a poem about cats', false], ['what is the treatment for Fabry disease?', false], ['how do I file my taxes', false], ['what is the capital of France', false]])(
    '%s -> relevant: %s',
    (q, expected) => {
      expect(retriever.isRelevant(q, retriever.search(q)).relevant).toBe(expected);
    },
  );
});
