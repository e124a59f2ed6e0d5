import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../server/app';
import { loadConfig } from '../server/config';
import { openDatabase, type Db } from '../server/db';
import { lazy } from '../server/lazy';
import { createLogger } from '../server/logger';
import { copyKnowledgeDb } from './helpers/knowledge-db';
import { sharedKnowledge, startTestServer, type TestServer } from './helpers/server';

describe('lazy', () => {
  it('builds on the first read, once, and keeps methods on their object', () => {
    let builds = 0;
    class Counter {
      n = 1;
      next() {
        return ++this.n;
      }
    }
    const part = lazy(() => (builds++, new Counter()));
    const counter = part.value;
    expect(builds).toBe(0);
    expect(part.built).toBe(false);
    const next = counter.next;
    expect(builds).toBe(1);
    expect(next()).toBe(2);
    expect(counter.n).toBe(2);
    expect(part.build()).toBeInstanceOf(Counter);
    expect('next' in counter && Object.keys(counter)).toEqual(['n']);
    expect(builds).toBe(1);
    expect(part.built).toBe(true);
  });
});

/**
 * The language layer, the content checker and the retriever are built once the server listens (server/app.ts).
 * Here the app's handler is served by another HTTP server, so nothing has started building them: a request that
 * needs them builds them and waits, and answers exactly as a ready server does.
 */
describe('a request before the language layer and retriever are built', () => {
  let dir: string;
  let db: Db;
  let careline: App;
  let server: Server;
  let url: string;
  let ready: TestServer;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'careline-warm-'));
    const dbPath = join(dir, 'test.db');
    copyKnowledgeDb(sharedKnowledge(), dbPath);
    db = openDatabase(dbPath);
    const config = { ...loadConfig({ EMERGENCY_NUMBER: '911', LOG_LEVEL: 'silent', DATABASE_PATH: dbPath, WORKER_THREADS: '0' }), embeddings: null };
    // No shared triage: this app builds its own language layer.
    careline = createApp({ config, db, knowledge: sharedKnowledge(), logger: createLogger('silent') });
    server = createServer(careline.app);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    ready = await startTestServer();
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await careline.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
    await ready.close();
  });

  const triage = (base: string, text: string) =>
    fetch(`${base}/api/triage`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text }) }).then(async (r) => ({ status: r.status, body: await r.json() }));

  it('answers /health, and /ready says it is starting (503)', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const res = await fetch(`${url}/ready`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ status: 'starting', database: { ok: true } });
  });

  it('a triage request waits for them and answers as a ready server does; then /ready is 200', async () => {
    const early = await triage(url, 'crushing chest pain and sweating');
    expect(early.status).toBe(200);
    expect(early.body.level).toBe('emergency_ambulance');
    expect(early.body).toEqual((await triage(ready.url, 'crushing chest pain and sweating')).body);
    const search = async (base: string) => (await fetch(`${base}/api/knowledge/search?q=${encodeURIComponent('how do I treat a sprained ankle')}`)).json();
    expect(await search(url)).toEqual(await search(ready.url));
    await careline.warm();
    const res = await fetch(`${url}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready' });
  });
});
