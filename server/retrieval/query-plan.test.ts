import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../db';
import { createKnowledgeIndex } from '../db/knowledge-index';
import { indexKnowledge } from '../knowledge/ingest';
import { testKnowledge } from '../../test/helpers/knowledge';
import { planMatch } from './fts-query';

const parts = fc.uniqueArray(fc.stringMatching(/^"[a-z]{2,8}"$/), { minLength: 1, maxLength: 9 });
const frequencies = (ps: string[]) => fc.tuple(...ps.map(() => fc.nat({ max: 100_000 })));

describe('the query plan of a large library (planMatch)', () => {
  it('keeps every term while together they match at most the cap', () => {
    fc.assert(
      fc.property(parts, fc.nat({ max: 10_000 }), (ps, each) => {
        const plan = planMatch(ps, () => each, { cap: each * ps.length, rows: 100_000, maxShare: 0.01 });
        expect(plan.dropped).toEqual([]);
        expect(plan.match).toBe(ps.join(' OR '));
      }),
    );
  });

  it('over the cap, leaves out only common terms, commonest first, and always keeps the rarest', () => {
    fc.assert(
      fc.property(
        parts.chain((ps) => fc.tuple(fc.constant(ps), frequencies(ps))),
        fc.integer({ min: 1, max: 50_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        ([ps, dfs], cap, maxShare) => {
          const df = new Map(ps.map((p, i) => [p, dfs[i]]));
          const rows = 100_000;
          const { match, dropped } = planMatch(ps, (p) => df.get(p)!, { cap, rows, maxShare });
          const kept = match!.split(' OR ');
          // Nothing lost or invented, the question's order kept.
          expect([...kept, ...dropped].sort()).toEqual([...ps].sort());
          expect(kept).toEqual(ps.filter((p) => kept.includes(p)));
          // The rarest term stays; every term left out is common, and commoner than every term kept but one in its share.
          const rarest = Math.min(...dfs);
          expect(kept.some((p) => df.get(p) === rarest)).toBe(true);
          for (const d of dropped) {
            expect(df.get(d)!).toBeGreaterThan(maxShare * rows);
            for (const k of kept) if (df.get(k)! > maxShare * rows) expect(df.get(d)!).toBeGreaterThanOrEqual(df.get(k)!);
          }
          // It stops leaving terms out once what is left is under the cap.
          if (dropped.length) {
            const left = kept.reduce((s, p) => s + df.get(p)!, 0);
            const lastDropped = Math.min(...dropped.map((d) => df.get(d)!));
            expect(left + lastDropped).toBeGreaterThan(cap);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('in a real index: reads each term\'s document frequency from FTS5, and with a small cap searches the rarer terms only', () => {
    const knowledge = testKnowledge();
    const db = openDatabase(':memory:');
    indexKnowledge(db, knowledge);
    const everything = createKnowledgeIndex(db);
    const capped = createKnowledgeIndex(db, { plan: { cap: 1, maxShare: 0 } });
    const common = '"pain"';
    const rare = '"sunburn"';
    expect(everything.documentFrequency(common)).toBeGreaterThan(everything.documentFrequency(rare));
    expect(everything.documentFrequency(rare)).toBeGreaterThan(0);
    // The shipped library is under the default cap: every term is searched.
    expect(everything.searchTerms([common, rare], 'patient', 10).dropped).toEqual([]);
    const { hits, dropped } = capped.searchTerms([common, rare], 'patient', 10);
    expect(dropped).toEqual([common]);
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((h) => /sunburn/i.test(`${h.title} ${h.text}`))).toBe(true);
    db.close();
  });
});
