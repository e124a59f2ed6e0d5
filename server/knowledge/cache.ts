import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { vocabularyFor } from '../language/setup';
import type { Vocabulary } from '../language/vocabulary';
import { loadKnowledge, type Knowledge } from './load';
import type { FocusData } from '../retrieval/focus';
import { focusDataFor } from '../retrieval/question';

/** What the cache holds (changing it changes every fingerprint, so an older cache is never read as this one). */
const FORMAT = 'knowledge+vocabulary+focus/3';
type Cached = { knowledge: Knowledge; vocabulary: Vocabulary; focus: FocusData };

/** Every file under `dir`, sorted, so the fingerprint does not depend on the order the file system lists them. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile()) out.push(path);
  }
  return out.sort();
}

/** sha256 of every file's path and bytes under `dir`, and of `codeKey` (the code that parses them). */
export function knowledgeFingerprint(dir: string, codeKey: string): string {
  const hash = createHash('sha256').update(FORMAT).update('\0').update(codeKey).update('\0');
  for (const file of filesUnder(dir)) hash.update(relative(dir, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/**
 * The knowledge folder, parsed and validated, from a cache when nothing changed: parsing the YAML and checking it
 * against the schemas takes about two seconds at every start, and its result depends only on the files and the
 * code that reads them. The cache (the `Knowledge` object as V8 serialises it, after its fingerprint) is written
 * only after a successful load, and read only when the fingerprint of every file under `dir` and of `codeKey` is
 * the same; anything else (a missing, stale or unreadable cache) loads the folder as before. `codeKey` must change
 * whenever the loading code does (main.ts passes the hash of the compiled bundle).
 * The knowledge's vocabulary (`vocabularyFor`: the lexicon, the conditions' names and the public vocabularies, a
 * few hundred ms to build and plain data) is kept beside it, built once when the cache is written; the knowledge is
 * kept as building it leaves it (`linkConditionArticles`), the two serialised together so they share what they
 * shared when built. So is the retriever's focus index's data (`focusDataFor`: the articles' names and subjects over
 * the vocabulary, about 60 ms to build), which depends on nothing else.
 */
export function loadKnowledgeCached(dir: string, cacheFile: string, codeKey: string): Cached & { fromCache: boolean } {
  const fingerprint = knowledgeFingerprint(dir, codeKey);
  if (existsSync(cacheFile)) {
    try {
      const raw = readFileSync(cacheFile);
      const headerEnd = raw.indexOf(10);
      if (raw.subarray(0, headerEnd).toString('utf8') === fingerprint) return { ...(deserialize(raw.subarray(headerEnd + 1)) as Cached), fromCache: true };
    } catch {
      // An unreadable cache is rebuilt below.
    }
  }
  const knowledge = loadKnowledge(dir);
  const vocabulary = vocabularyFor(knowledge);
  const focus = focusDataFor(knowledge, vocabulary);
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${fingerprint}\n`), serialize({ knowledge, vocabulary, focus } satisfies Cached)]), { mode: 0o600 });
    renameSync(tmp, cacheFile);
  } catch {
    // A read-only data folder only costs the next start its two seconds.
  }
  return { knowledge, vocabulary, focus, fromCache: false };
}
