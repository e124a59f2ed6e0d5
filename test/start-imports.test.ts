import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config';
import { createAnswerModel, loadOpenAIClasses } from '../server/models';

const ROOT = join(import.meta.dirname, '..');

/** The packages the compiled server imports as it starts (static imports), as scripts/build-server.mjs bundles it. */
async function packagesLoadedAtStart(entry: string): Promise<string[]> {
  const result = await build({ entryPoints: [join(ROOT, entry)], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', write: false, metafile: true, logLevel: 'silent', outdir: join(ROOT, 'dist-test-unused') });
  const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports);
  return [...new Set(imports.filter((i) => i.external && i.kind === 'import-statement' && !i.path.startsWith('node:')).map((i) => i.path))].sort();
}

describe('what the server loads at start', () => {
  it('leaves out the packages only some configurations or some requests need', async () => {
    const loaded = await packagesLoadedAtStart('server/main.ts');
    // Sanity: the bundle's static imports are read (the web framework and the database driver are always needed).
    expect(loaded).toEqual(expect.arrayContaining(['express', 'socket.io', 'better-sqlite3', '@langchain/core/runnables']));
    // Only with OPENAI_API_KEY or embeddings, DATABASE_URL, REDIS_URL, an article page, a password, a web rebuild,
    // a knowledge or prompt file parsed: each is imported where it is used.
    for (const deferred of ['@langchain/openai', 'pg', 'ioredis', 'rate-limit-redis', '@socket.io/redis-streams-adapter', 'marked', 'sanitize-html', '@node-rs/argon2', 'esbuild', 'yaml', 'gray-matter', 'sqlite-vec']) {
      expect(loaded).not.toContain(deferred);
    }
  });

  it('imports the OpenAI classes only when a model or embeddings endpoint is configured', async () => {
    const offline = loadConfig({ EMBEDDINGS: 'off' });
    expect(offline.openai).toBeNull();
    expect(await loadOpenAIClasses(offline)).toBeNull();
    const withKey = loadConfig({ OPENAI_API_KEY: 'sk-test', EMBEDDINGS: 'off' });
    const classes = await loadOpenAIClasses(withKey);
    expect(typeof classes?.ChatOpenAI).toBe('function');
    expect(createAnswerModel(withKey, null, {}, classes)).toMatchObject({ kind: 'llm', name: withKey.openai!.model });
    // Configured but not loaded: a plain error that says what to pass, not a model that fails at the first message.
    expect(() => createAnswerModel(withKey, null, {}, null)).toThrow(/loadOpenAIClasses/);
    expect(createAnswerModel(offline, null).kind).toBe('offline');
  });
});
