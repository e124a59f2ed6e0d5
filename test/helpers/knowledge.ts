import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadKnowledgeCached } from '../../server/knowledge/cache';
import type { Knowledge } from '../../server/knowledge/load';

/**
 * The real knowledge base for tests, parsed once per machine and then read from a V8-serialised cache (the same
 * cache the server uses at start): parsing and validating the YAML costs about 1.3 s in each of some 30 test files.
 * The cache key is every knowledge file and the source of the code that parses them (server/knowledge,
 * server/language), so any change to either parses again. `server/knowledge` tests that check the parsing itself
 * call `loadKnowledge` directly.
 */
const SOURCES = ['server/knowledge', 'server/language'];
const codeKey = (() => {
  const hash = createHash('sha256');
  for (const dir of SOURCES) {
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.ts') && !n.endsWith('.test.ts')).sort()) {
      hash.update(name).update(readFileSync(join(dir, name)));
    }
  }
  return hash.digest('hex');
})();

let knowledge: Knowledge | undefined;
export const testKnowledge = (): Knowledge =>
  (knowledge ??= loadKnowledgeCached('knowledge', join(tmpdir(), `careline-test-knowledge-${process.getuid?.() ?? 0}.bin`), codeKey).knowledge);
