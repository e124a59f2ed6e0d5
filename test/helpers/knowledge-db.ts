import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../server/db';
import { indexKnowledge } from '../../server/knowledge/ingest';
import type { Knowledge } from '../../server/knowledge/load';
import { contentCheckerFor, screenLocalDocuments } from '../../server/safety';
import { createTriage } from '../../server/triage';

/**
 * A test server's database starts as a copy of one made once per machine: the migrations applied and the shipped
 * knowledge indexed, as `createApp` indexes it (the same screening, then `indexKnowledge`). Indexing the library
 * (FTS5 over ~2,000 chunks) cost about 0.4 s of CPU in each of the suite's ~60 test servers. `createApp` still runs
 * `indexKnowledge` on the copy: it finds the knowledge's content hash stored and keeps the rows, so a copy made
 * from other knowledge would be indexed again, never served stale. The file's name holds the content hash and the
 * hash of the code that writes those rows (migrations, the store and index code, screening, the language layer it
 * uses), so a change to either makes a new copy (the newest four are kept); it is written beside and renamed, so
 * test files starting at the same time never read half of one.
 */
const CODE = ['server/db', 'server/db/migrations', 'server/knowledge', 'server/safety', 'server/language', 'server/triage'];
let codeKey: string | undefined;
const codeHash = () => {
  if (codeKey) return codeKey;
  const hash = createHash('sha256');
  for (const dir of CODE) {
    for (const name of readdirSync(dir).filter((n) => /\.(ts|sql)$/.test(n) && !n.endsWith('.test.ts')).sort()) {
      hash.update(dir).update(name).update(readFileSync(join(dir, name)));
    }
  }
  return (codeKey = hash.digest('hex'));
};

const built = new Map<string, string>();
const PREFIX = `careline-test-db-${process.getuid?.() ?? 0}-`;
/** Copies kept for other code (other branches, earlier edits): a copy is 24 MB. */
const KEEP = 4;

/** Removes all but the newest KEEP copies; a test run whose copy goes finds it missing and makes it again. */
function prune(): void {
  try {
    const copies = readdirSync(tmpdir())
      .filter((n) => n.startsWith(PREFIX) && n.endsWith('.db'))
      .map((n) => ({ path: join(tmpdir(), n), mtime: statSync(join(tmpdir(), n)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of copies.slice(KEEP)) rmSync(old.path, { force: true });
  } catch {
    // Another run pruning at the same time: nothing to do.
  }
}

function templateFor(knowledge: Knowledge): string {
  const key = createHash('sha256').update(knowledge.contentHash).update(codeHash()).digest('hex').slice(0, 24);
  const known = built.get(key);
  if (known) return known;
  const file = join(tmpdir(), `${PREFIX}${key}.db`);
  if (!existsSync(file)) {
    const tmp = `${file}.${process.pid}.tmp`;
    const db = openDatabase(tmp);
    const triage = createTriage(knowledge, { emergencyNumber: '911' });
    indexKnowledge(db, screenLocalDocuments(knowledge, contentCheckerFor(knowledge, triage.language)));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    for (const suffix of ['-wal', '-shm']) rmSync(`${tmp}${suffix}`, { force: true });
    renameSync(tmp, file);
    prune();
  }
  built.set(key, file);
  return file;
}

/** Puts the prepared database (see above) at `dbPath`, a path in a fresh folder. */
export function copyKnowledgeDb(knowledge: Knowledge, dbPath: string): void {
  try {
    copyFileSync(templateFor(knowledge), dbPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    // Pruned by another run (see `prune`): made again.
    built.clear();
    copyFileSync(templateFor(knowledge), dbPath);
  }
}
