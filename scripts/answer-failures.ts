/**
 * Why answer cases fail, by mechanism (issue 12): every failing case of the answers suites of an eval run is put in
 * ONE bucket, the first that holds, so the counts add up and two runs compare. Read from results.json and the
 * library's text only (no retrieval internals), so it measures any run, in-process or HTTP.
 *
 *   triage            the level is outside the case's bound (the answer path is not to blame)
 *   abstained         "no reliable answer" (or nothing cited) where the library should answer
 *   answered-wrongly  an answer where the case wants the honest "no reliable answer"
 *   wrong-guide       nothing cited is among the articles the case names (relevant or cited)
 *   one-sided         a comparison ("X or Y", "vs", "difference", "and ... both") missing a required fact
 *   value-not-read    a required fact is a number the library does not state (it is worked out from the question's values)
 *   not-in-library    a required fact is in none of the articles the case names
 *   cut               a required fact is in a cited expected article, in a sentence that shares the question's words
 *                     (the right sentence existed and was ranked near, but the 3 bullets / 5 sentences left it out)
 *   wrong-sentence    a required fact is in a cited expected article, elsewhere than the sentences near the question
 *   wrong-guide-first the fact is in an expected article that was not the one quoted (another article was cited)
 *   other             safety, citation validity, forbidden phrases
 *
 *   npx tsx scripts/answer-failures.ts /tmp/run/results.json [--cases] [--suite a,b]
 */
import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../server/knowledge/load';
import { stripMarkdown } from '../server/knowledge/ingest';

type Check = { pass: boolean; skipped?: boolean; reason?: string; details?: Record<string, unknown> };
type Case = {
  id: string;
  audience: 'patient' | 'nurse';
  turns: string[];
  reply: string;
  citations?: { n: number; articleId: string }[];
  expect: { relevant?: string[]; cited?: string[]; refusal?: boolean; mustInclude?: string[][] };
  checks: Record<string, Check>;
};

const args = process.argv.slice(2);
const file = args[0]?.startsWith('--') ? undefined : args[0];
if (!file) throw new Error('usage: answer-failures.ts <results.json> [--cases] [--suite a,b]');
const showCases = args.includes('--cases');
const only = args.includes('--suite') ? new Set(args[args.indexOf('--suite') + 1].split(',')) : null;
const results = JSON.parse(readFileSync(file, 'utf8')) as { suites: Record<string, { kind: string; cases: Case[] }> };
const kb = loadKnowledge('knowledge');
const textOf = new Map(kb.articles.map((a) => [a.id, stripMarkdown(`${a.title}. ${a.summary}. ${a.body}`).toLowerCase()]));

const GATES = ['triage', 'content', 'safety', 'refusal', 'citationValidity', 'citedExpected'];
const COMPARISON = /\b(?:vs\.?|versus|difference between|compared? (?:to|with)|or\b[^?]*\?|which is (?:better|first)|both)\b/i;
const STOP = new Set('the a an of to in on at for and or is are was be it this that with what which how when do does can i we my pt patient nurse should'.split(' '));
const words = (s: string) => new Set((s.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => w.length > 2 && !STOP.has(w)).map((w) => w.replace(/(?:ing|ed|es|s)$/, '')));
/** A phrase as the content scorer matches it: case-insensitive, from a word boundary. */
const has = (text: string, phrase: string) => new RegExp(`(?:^|[^a-z0-9])${phrase.toLowerCase().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'i').test(text);
const sentences = (text: string) => text.split(/(?<=[.!?])\s+|\n+/).filter((s) => s.trim().length > 0);

function missingGroups(c: Case): string[][] {
  const groups = c.expect.mustInclude ?? [];
  return groups.filter((g) => !g.some((p) => has(c.reply, p)));
}

function bucket(c: Case): string {
  const failed = GATES.filter((g) => c.checks[g] && !c.checks[g].skipped && !c.checks[g].pass);
  if (failed.includes('triage')) return 'triage';
  const cited = (c.citations ?? []).map((x) => x.articleId);
  if (failed.includes('refusal')) return c.expect.refusal ? 'answered-wrongly' : 'abstained';
  const expected = new Set([...(c.expect.relevant ?? []), ...(c.expect.cited ?? [])]);
  if (expected.size && !cited.some((id) => expected.has(id))) return 'wrong-guide';
  const question = c.turns.at(-1) ?? '';
  const missing = missingGroups(c);
  if (!missing.length) return 'other';
  if (COMPARISON.test(question)) return 'one-sided';
  const inArticle = (g: string[], ids: Iterable<string>) => [...ids].some((id) => g.some((p) => has(textOf.get(id) ?? '', p)));
  const pool = expected.size ? expected : new Set(cited);
  for (const g of missing) {
    if (inArticle(g, pool)) continue;
    if (g.some((p) => /\d/.test(p)) && /\d/.test(question)) return 'value-not-read';
    return 'not-in-library';
  }
  // Every missing fact is in an expected article. Quoted from it, or from another one?
  const citedExpected = cited.filter((id) => pool.has(id));
  if (!missing.every((g) => inArticle(g, citedExpected))) return 'wrong-guide-first';
  // Near the question: the sentence stating it shares two of the question's words.
  const q = words(question);
  const near = missing.every((g) =>
    citedExpected.some((id) =>
      sentences(textOf.get(id) ?? '').some((s) => g.some((p) => has(s, p)) && [...words(s)].filter((w) => q.has(w)).length >= 2),
    ),
  );
  return near ? 'cut' : 'wrong-sentence';
}

const totals = new Map<string, number>();
const table: string[] = [];
for (const [suite, s] of Object.entries(results.suites)) {
  if (s.kind !== 'answers' || (only && !only.has(suite))) continue;
  const counts = new Map<string, number>();
  let failing = 0;
  for (const c of s.cases) {
    const failed = GATES.filter((g) => c.checks[g] && !c.checks[g].skipped && !c.checks[g].pass);
    if (!failed.length) continue;
    failing++;
    const b = bucket(c);
    counts.set(b, (counts.get(b) ?? 0) + 1);
    totals.set(b, (totals.get(b) ?? 0) + 1);
    if (showCases) table.push(`${suite.padEnd(18)} ${c.id.padEnd(10)} ${b.padEnd(18)} ${(c.turns.at(-1) ?? '').slice(0, 90)}`);
  }
  const parts = [...counts].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`);
  console.log(`${suite.padEnd(18)} ${String(failing).padStart(3)} of ${String(s.cases.length).padStart(3)} failing: ${parts.join(', ')}`);
}
console.log(`${'all'.padEnd(18)} ${[...totals.values()].reduce((a, b) => a + b, 0)} failing: ${[...totals].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);
if (showCases) console.log(`\n${table.join('\n')}`);
