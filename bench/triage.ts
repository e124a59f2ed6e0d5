/**
 * Triage latency on messages it has not seen before and on the same messages again: the first turns of the triage
 * suites (evals/suites/triage.yaml and triage-blind.yaml, several hundred distinct patient messages), then long
 * messages of made-up words (the worst case for the spelling matcher: every word is new and unknown). Each message
 * is read by the language layer and assessed, as the chat does it; the reading is timed apart, so its share shows.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSuite } from '../evals/schema';
import type { Triage } from '../server/triage';
import { random, round, stats } from './lib';

export function triageMessages(): string[] {
  const out = new Set<string>();
  for (const name of ['triage', 'triage-blind']) {
    for (const c of loadSuite(join(import.meta.dirname, '..', 'evals', 'suites', `${name}.yaml`)).cases as { turns?: string[] }[]) {
      for (const t of c.turns ?? []) out.add(t);
    }
  }
  return [...out];
}

/** `n` messages of about `chars` characters of made-up words (seeded: the same every run, new to the lexicon). */
function gibberish(n: number, chars: number): string[] {
  const rnd = random(2000);
  const letters = 'abcdefghiklmnoprstuvwy';
  return Array.from({ length: n }, () => {
    let s = '';
    while (s.length < chars) s += Array.from({ length: 3 + rnd.int(8) }, () => letters[rnd.int(letters.length)]).join('') + (rnd.int(12) === 0 ? '. ' : ' ');
    return s.slice(0, chars);
  });
}

export function benchTriage(triage: Triage) {
  const messages = triageMessages();
  // Wall time, and the CPU time of this process beside it: on a shared machine the wall time's tail is mostly other
  // processes taking the core.
  const time = (text: string) => {
    const c = process.cpuUsage();
    const t0 = performance.now();
    const analysis = triage.language.analyze(text);
    const t1 = performance.now();
    triage.assess({ text, analysis });
    const t2 = performance.now();
    const d = process.cpuUsage(c);
    return { total: t2 - t0, analyze: t1 - t0, cpu: (d.user + d.system) / 1000 };
  };
  // The very first message after start pays for loading the English word list and the JIT warming up: reported
  // on its own, so "unseen" is about new words, not a cold process.
  const firstAfterStart = time('hello, I have a question');
  const first = messages.map(time);
  const again = messages.map(time);
  const long = gibberish(5, 2000).map(time);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    messages: messages.length,
    firstAfterStartMs: round(firstAfterStart.total, 1),
    unseen: stats(first.map((r) => r.total)),
    unseenCpu: stats(first.map((r) => r.cpu)),
    repeated: stats(again.map((r) => r.total)),
    longUnknown2000Chars: stats(long.map((r) => r.total)),
    longUnknown2000CharsCpu: stats(long.map((r) => r.cpu)),
    /** Share of the time spent reading the message (normalise, tokenize, phrase and fuzzy matching). */
    languageShareUnseen: round(sum(first.map((r) => r.analyze)) / sum(first.map((r) => r.total)), 2),
    overTwentyMs: [...first, ...again, ...long].filter((r) => r.total > 20).length,
    overTwentyMsCpu: [...first, ...again, ...long].filter((r) => r.cpu > 20).length,
  };
}
