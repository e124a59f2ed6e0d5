import { build } from 'esbuild';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../server/config';
import { RunnableLambda } from '@langchain/core/runnables';
import { isOfflineComposer } from '../server/chat/offline-brand';
import { OfflineComposer } from '../server/chat/offline-model';
import type { AnswerInput } from '../server/chat/types';
import { createAnswerModel, loadOpenAIClasses } from '../server/models';
import { createTriage } from '../server/triage';
import { sharedKnowledge } from './helpers/server';

const ROOT = join(import.meta.dirname, '..');

/**
 * The packages the compiled server imports as it starts, from a build made as scripts/build-server.mjs makes it
 * (split: a module imported with `import()` is its own file): the entry's imports, static and dynamic (main.ts
 * awaits its dynamic imports at start), then the static imports of every file those bring in. A package imported
 * with `import()` anywhere else is loaded when that code runs, not at start.
 */
async function packagesLoadedAtStart(entry: string): Promise<string[]> {
  const outdir = join(ROOT, 'dist-test-unused');
  const result = await build({ entryPoints: { main: join(ROOT, entry) }, bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', splitting: true, chunkNames: 'chunk-[hash]', write: false, metafile: true, logLevel: 'silent', outdir });
  const outputs = result.metafile.outputs;
  const file = (p: string) => Object.keys(outputs).find((k) => k.endsWith(p.replace(/^\.\//, '')))!;
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (name: string, followDynamic: boolean) => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const i of outputs[name].imports) {
      const atStart = i.kind === 'import-statement' || (followDynamic && i.kind === 'dynamic-import');
      if (!atStart) continue;
      if (i.external) {
        if (!i.path.startsWith('node:')) packages.add(i.path);
      } else visit(file(i.path), false);
    }
  };
  visit(file('main.js'), true);
  return [...packages].sort();
}

describe('what the server loads at start', () => {
  it('leaves out the packages only some configurations or some requests need', async () => {
    const loaded = await packagesLoadedAtStart('server/main.ts');
    // Sanity: the bundle's static imports are read (the web framework and the database driver are always needed).
    expect(loaded).toEqual(expect.arrayContaining(['express', 'socket.io', 'better-sqlite3', 'zod']));
    // Only with OPENAI_API_KEY or embeddings, DATABASE_URL, REDIS_URL, an article page, a password, a web rebuild,
    // a knowledge or prompt file parsed: each is imported where it is used. LangChain's core only when the offline
    // composer's runnable or the OpenAI chain is called (the chat service composes through its stages).
    for (const deferred of ['@langchain/openai', '@langchain/core/runnables', '@langchain/core/messages', 'pg', 'ioredis', 'rate-limit-redis', '@socket.io/redis-streams-adapter', 'marked', 'sanitize-html', '@node-rs/argon2', 'esbuild', 'yaml', 'gray-matter', 'sqlite-vec']) {
      expect(loaded).not.toContain(deferred);
    }
  });

  it('compiles Express and zod into the server build, and leaves every other package in node_modules', async () => {
    // @ts-expect-error plain JavaScript module without types
    const { serverBuildOptions, BUNDLED_PACKAGES } = (await import('../scripts/build-server.mjs')) as { serverBuildOptions: () => Parameters<typeof build>[0]; BUNDLED_PACKAGES: Set<string> };
    expect([...BUNDLED_PACKAGES].sort()).toEqual(['express', 'zod']);
    const result = await build({ ...serverBuildOptions(), outdir: join(ROOT, 'dist-test-unused'), write: false, metafile: true, logLevel: 'silent' });
    const external = new Set(Object.values(result.metafile.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path)));
    const bundledFrom = new Set(Object.keys(result.metafile.inputs).flatMap((f) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f)?.[1] ?? []));
    expect(bundledFrom).toContain('express');
    expect(bundledFrom).toContain('zod');
    expect(external).not.toContain('express');
    expect(external).not.toContain('zod');
    // Packages that find their own files by path (word-list, socket.io's client file) or are native stay external.
    expect([...external]).toEqual(expect.arrayContaining(['socket.io', 'better-sqlite3', 'word-list', 'helmet', 'pino']));
    for (const name of ['socket.io', 'better-sqlite3', 'word-list', 'socket.io-client']) expect(bundledFrom).not.toContain(name);
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

  it("gives the offline composer as a handle that answers as the composer when it is called", async () => {
    const knowledge = sharedKnowledge();
    const triage = createTriage(knowledge, { emergencyNumber: '911' });
    const article = knowledge.articles.find((a) => a.id === 'sunburn')!;
    const question = 'how do I treat sunburn?';
    const input: AnswerInput = {
      question,
      audience: 'patient',
      sources: article.sections.map((sec) => ({ n: 1, articleId: article.id, title: article.title, section: sec.heading, text: sec.text, sourceName: article.sources[0].name })),
      triage: triage.assess({ text: question }),
      history: [],
      emergencyNumber: '911',
    };
    const model = createAnswerModel(loadConfig({ EMBEDDINGS: 'off' }), null, { shorthand: knowledge.shorthand });
    const composer = new OfflineComposer({ shorthand: knowledge.shorthand });
    // The chat service tells the built-in composer (handle or class) from a custom offline model by its brand.
    expect([isOfflineComposer(model.runnable), isOfflineComposer(composer), isOfflineComposer(RunnableLambda.from((i: AnswerInput) => i.question))]).toEqual([true, true, false]);
    const expected = await composer.invoke(input);
    expect(expected).toContain('[1]');
    expect(await model.runnable.invoke(input)).toBe(expected);
    const pieces: string[] = [];
    for await (const piece of await model.runnable.stream(input)) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(expected);
  });
});
