import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { createKnowledgeIndex } from '../db/knowledge-index';
import { indexKnowledge } from '../knowledge/ingest';
import { testKnowledge } from '../../test/helpers/knowledge';
import { createTriage } from '../triage';
import { buildMatch, phraseQuery, quoteTerm, tokensForSearch } from './fts-query';
import { createRetriever } from './index';

// FTS5 syntax and everything around it: quotes, operators, column filters, prefixes, NEAR, parentheses, Unicode.
const ftsish = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.array(fc.constantFrom('"', "'", '*', '^', ':', '(', ')', '-', '+', 'NEAR', 'AND', 'OR', 'NOT', 'title:', '{', '}', 'chest', 'pain', 'fever', '\\', '\u0000', ' '), { maxLength: 20 }).map((a) => a.join('')),
);

const fts = new Database(':memory:');
fts.exec("CREATE VIRTUAL TABLE t USING fts5(title, text, tokenize = 'porter unicode61 remove_diacritics 2'); INSERT INTO t VALUES ('Chest pain', 'pain in the chest');");
const match = fts.prepare('SELECT count(*) FROM t WHERE t MATCH ?').pluck();

describe('the FTS5 query builder, on any text (property-based)', () => {
  it('turns any text into a query SQLite accepts, made only of quoted terms', () => {
    fc.assert(
      fc.property(ftsish, (text) => {
        const terms = tokensForSearch(text).map(quoteTerm);
        const phrase = phraseQuery(text);
        const query = buildMatch(phrase ? [...terms, phrase] : terms);
        if (query === null) return;
        expect(() => match.get(query)).not.toThrow();
        // Every part between the ORs is one double-quoted string (inner quotes doubled): no operator survives.
        for (const part of query.split(' OR ')) expect(part).toMatch(/^"(?:[^"]|"")*"$/);
      }),
      { numRuns: 500 },
    );
  });

  it('quotes any single term safely', () => {
    fc.assert(
      fc.property(ftsish, (term) => {
        fc.pre(term.trim().length > 0);
        expect(() => match.get(quoteTerm(term))).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('the retriever never throws on any question, and returns ranked results a reader of that audience may see', () => {
    const knowledge = testKnowledge();
    const db = openDatabase(':memory:');
    indexKnowledge(db, knowledge);
    const triage = createTriage(knowledge, { emergencyNumber: '999' });
    const retriever = createRetriever({ store: createKnowledgeIndex(db), language: triage.language, concepts: knowledge.lexicon, articles: knowledge.articles });
    fc.assert(
      fc.property(ftsish, fc.constantFrom('patient' as const, 'nurse' as const), (text, audience) => {
        const results = retriever.search(text, { audience, limit: 5 });
        expect(results.length).toBeLessThanOrEqual(5);
        // Nurses search the patient library too; patients never see nurse guidelines.
        for (const r of results) if (audience === 'patient') expect(r.audience).toBe('patient');
        expect(typeof retriever.isRelevant(text, results).relevant).toBe('boolean');
      }),
      { numRuns: 200 },
    );
    db.close();
  });
});
