/**
 * How often an answer says the asked kind of fact first (issue 12): for every answers case of an eval run, the
 * question's intent (server/retrieval/intents.ts, the first rule that holds), then the reply's first cited sentence,
 * and whether it is that kind of fact: a sentence of the intent's first section the cited article has (Causes for
 * "what causes ..."; for a nurse guide, any of the intent's sections), or, for a fact asked by number (dose, threshold, schedule, score), a sentence that states one
 * (a calculator's result counts for a score). A case counts only when the cited article has such a section or
 * sentence (otherwise there was nothing of that kind to say first) and the reply cites something.
 *
 *   npx tsx scripts/first-sentence.ts /tmp/run/results.json [--misses]
 */
import { readFileSync } from 'node:fs';
import { loadKnowledge } from '../server/knowledge/load';
import { detectIntents, intentRule, type Intent } from '../server/retrieval/intents';
import { sentencesOf } from '../server/chat/offline-composer';

type Case = { id: string; level?: string; audience: 'patient' | 'nurse'; turns: string[]; reply: string; citations?: { n: number; articleId: string }[] };

const file = process.argv[2];
if (!file) throw new Error('usage: first-sentence.ts <results.json> [--misses]');
const showMisses = process.argv.includes('--misses');
const results = JSON.parse(readFileSync(file, 'utf8')) as { suites: Record<string, { kind: string; cases: Case[] }> };
const kb = loadKnowledge('knowledge');
const byId = new Map(kb.articles.map((a) => [a.id, a]));

const words = (s: string) => new Set(s.toLowerCase().replace(/\[\d+\]/g, ' ').match(/[a-z0-9]+(?:\.\d+)?/g)?.filter((w) => w.length > 2) ?? []);
/** The sentence is in the text: quoted, or 80% of its words there (the composer may trim a sentence's end). */
function inText(sentence: string, text: string): boolean {
  const s = sentence.replace(/\s*\[\d+\]\s*/g, ' ').trim();
  if (text.includes(s)) return true;
  const ws = [...words(s)];
  const tw = words(text);
  return ws.length > 0 && ws.filter((w) => tw.has(w)).length / ws.length >= 0.8;
}
const NUMBER_INTENTS = new Set<Intent>(['dose', 'threshold', 'schedule', 'score']);

const rows: { suite: string; counted: number; hit: number; byIntent: Record<string, [number, number]> }[] = [];
const misses: string[] = [];
for (const [suite, s] of Object.entries(results.suites)) {
  if (s.kind !== 'answers') continue;
  const row = { suite, counted: 0, hit: 0, byIntent: {} as Record<string, [number, number]> };
  for (const c of s.cases) {
    const q = c.turns.at(-1) ?? '';
    const intents = detectIntents(q).intents;
    const intent = intents[0];
    // A patient's emergency reply leads with the instruction and first aid by design (DESIGN): not a question of order.
    if (!intent || !c.citations?.length || (c.audience === 'patient' && /^emergency/.test(c.level ?? ''))) continue;
    const rule = intentRule(intent);
    // The first cited sentence of the reply, and the article it cites.
    const lines = c.reply.split('\n');
    let first: { text: string; article: string } | null = null;
    let calculatorFirst = false;
    for (const line of lines) {
      if (/^\s*-?\s*Source: /.test(line) && !first) calculatorFirst = true;
      // A reply sentence ends with its marker ("... a headache. [1] Treatment ..."): cut after each marker.
      for (const sent of line.replace(/^\s*-\s*/, '').split(/(?<=\[\d+\]\.?)\s+/)) {
        const m = /\[(\d+)\]/.exec(sent);
        if (!m) continue;
        const cite = c.citations.find((x) => x.n === Number(m[1]));
        if (cite) { first = { text: sent, article: cite.articleId }; break; }
      }
      if (first) break;
    }
    if (!first) continue;
    const article = byId.get(first.article);
    if (!article) continue;
    let ok: boolean;
    if (NUMBER_INTENTS.has(intent) && rule.fact) {
      const has = sentencesOf(article.sections.map((x) => x.text).join('\n')).some((x) => rule.fact!.test(x));
      if (!has && !(intent === 'score' && calculatorFirst)) continue;
      ok = (intent === 'score' && calculatorFirst) || rule.fact.test(first.text.replace(/\[\d+\]/g, ''));
    } else {
      // A question that asks two things ("what causes it and how do I stop it?") is answered first by either.
      const wanted = intents
        .filter((i) => !NUMBER_INTENTS.has(i))
        // A patient article's sections are of one kind each (the first the article has is the asked one); a nurse
        // guide has four broad ones (Assessment, Red flags, Actions, Escalation), any the intent lists will do.
        .flatMap((i) => {
          const have = intentRule(i).sections[c.audience].filter((h) => article.sections.some((x) => x.heading === h));
          return c.audience === 'patient' ? have.slice(0, 1) : have;
        });
      if (!wanted.length) continue;
      ok = wanted.some((h) => inText(first!.text, article.sections.find((x) => x.heading === h)!.text));
    }
    row.counted++;
    if (ok) row.hit++;
    const bi = (row.byIntent[intent] ??= [0, 0]);
    bi[1]++;
    if (ok) bi[0]++;
    else misses.push(`${suite}/${c.id} [${intent}] ${q}\n    -> ${first.text.slice(0, 160)}  (${first.article})`);
  }
  rows.push(row);
}
let counted = 0;
let hit = 0;
for (const r of rows) {
  counted += r.counted;
  hit += r.hit;
  const intents = Object.entries(r.byIntent).map(([k, [h, n]]) => `${k} ${h}/${n}`).join(', ');
  console.log(`${r.suite.padEnd(18)} ${r.hit}/${r.counted} = ${(r.counted ? r.hit / r.counted : 0).toFixed(3)}   ${intents}`);
}
console.log(`${'all'.padEnd(18)} ${hit}/${counted} = ${(hit / counted).toFixed(3)}`);
if (showMisses) console.log('\n' + misses.join('\n'));
