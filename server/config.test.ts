import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { autoWorkerThreads, loadConfig } from './config';

describe('loadConfig', () => {
  it('works with no environment at all (offline, port 3000, 911)', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, emergencyNumber: '911', openai: null, nurseTokens: [], maxMessageChars: 2000 });
  });

  it('turns on the LLM only with a key, honouring the base URL and model', () => {
    const c = loadConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://localhost:11434/v1', OPENAI_MODEL: 'llama3' });
    expect(c.openai).toMatchObject({ apiKey: 'k', baseURL: 'http://localhost:11434/v1', model: 'llama3' });
  });

  it('treats empty values as unset', () => {
    expect(loadConfig({ OPENAI_API_KEY: '', PORT: '' }).openai).toBeNull();
  });

  it('leaves embeddings off without a key or an embeddings endpoint', () => {
    expect(loadConfig({}).embeddings).toBeNull();
    expect(loadConfig({ OPENAI_BASE_URL: 'http://localhost:11434/v1' }).embeddings).toBeNull();
  });

  it('turns embeddings on with the LLM key, on the LLM endpoint, with the default model and size', () => {
    const c = loadConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://localhost:11434/v1' });
    expect(c.embeddings).toMatchObject({ apiKey: 'k', baseURL: 'http://localhost:11434/v1', model: 'text-embedding-3-small', dimensions: 1536 });
  });

  it('honours the embeddings variables, and an endpoint alone turns them on (a local server needs no key)', () => {
    const c = loadConfig({
      OPENAI_API_KEY: 'k',
      OPENAI_BASE_URL: 'http://llm.local/v1',
      EMBEDDINGS_BASE_URL: 'http://emb.local/v1',
      EMBEDDINGS_API_KEY: 'e',
      EMBEDDINGS_MODEL: 'nomic-embed-text',
      EMBEDDINGS_DIMENSIONS: '768',
    });
    expect(c.embeddings).toMatchObject({ apiKey: 'e', baseURL: 'http://emb.local/v1', model: 'nomic-embed-text', dimensions: 768 });
    expect(loadConfig({ EMBEDDINGS_BASE_URL: 'http://emb.local/v1' }).embeddings).toMatchObject({ apiKey: undefined, baseURL: 'http://emb.local/v1' });
    expect(loadConfig({ EMBEDDINGS_API_KEY: 'e', OPENAI_BASE_URL: 'http://llm.local/v1' }).embeddings?.baseURL).toBeUndefined();
    expect(loadConfig({ OPENAI_API_KEY: 'k' }).openai).not.toBeNull();
    expect(loadConfig({ EMBEDDINGS_API_KEY: 'e' }).openai).toBeNull();
  });

  it('can keep embeddings off while the LLM key is set', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'k' }).embeddings).not.toBeNull();
    expect(loadConfig({ OPENAI_API_KEY: 'k', EMBEDDINGS: 'off' }).embeddings).toBeNull();
  });

  it('splits lists', () => {
    expect(loadConfig({ NURSE_TOKENS: ' a, b ,,', ALLOWED_ORIGINS: 'https://x.example' })).toMatchObject({ nurseTokens: ['a', 'b'], allowedOrigins: ['https://x.example'] });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ EMERGENCY_NUMBER: 'call me' }, /EMERGENCY_NUMBER: digits only/],
    [{ OPENAI_BASE_URL: 'not a url' }, /OPENAI_BASE_URL/],
    [{ EMBEDDINGS_BASE_URL: 'nope' }, /EMBEDDINGS_BASE_URL/],
    [{ EMBEDDINGS_DIMENSIONS: 'many' }, /EMBEDDINGS_DIMENSIONS/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY: name the proxy/],
    [{ MAX_SOCKETS_PER_IP: '0' }, /MAX_SOCKETS_PER_IP/],
    [{ RATE_LIMIT_MESSAGE_BURST: 'lots' }, /RATE_LIMIT_MESSAGE_BURST/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(message);
  });

  it('has safe limits, timeouts, sessions and retention by default', () => {
    const c = loadConfig({});
    expect(c.limits).toEqual({ requestsPerMinute: 600, ipMessagesPerMinute: 120, messagesPerMinute: 20, messageBurst: 5, authFailures: 20, socketsPerIp: 20, streamsPerSocket: 2 });
    expect(c.timeouts).toEqual({ requestMs: 30000, headersMs: 10000, shutdownMs: 15000 });
    expect(c.accounts).toEqual({ sessionTtlMs: 8 * 3_600_000, loginMaxFailures: 5, lockoutMs: 15 * 60_000 });
    expect(c.retention).toEqual({ conversationDays: 30, auditDays: 365 });
    expect(c.recovery).toEqual({ maxPackets: 5000, windowMs: 60000 });
    expect(c.trustProxy).toBe(false);
  });

  it.each([
    ['', false],
    ['1', 1],
    ['loopback', ['loopback']],
    ['10.0.0.1, 10.0.0.0/8', ['10.0.0.1', '10.0.0.0/8']],
  ])('reads TRUST_PROXY=%j', (value, expected) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toEqual(expected);
  });

  it('sizes the worker threads to the cores (one left to the main thread, at most 4) unless told', () => {
    expect([1, 2, 4, 8].map((cores) => autoWorkerThreads(cores))).toEqual([0, 1, 3, 4]);
    expect(loadConfig({ WORKER_THREADS: '0' }).workers.threads).toBe(0);
    expect(loadConfig({ WORKER_THREADS: '3', WORKER_TIMEOUT_MS: '500' }).workers).toEqual({ threads: 3, timeoutMs: 500 });
    expect(loadConfig({}).workers.threads).toBe(autoWorkerThreads());
    expect(() => loadConfig({ WORKER_THREADS: 'many' })).toThrow(/WORKER_THREADS/);
  });

  it('keeps the headers timeout within the request timeout (Node requires it)', () => {
    expect(loadConfig({ REQUEST_TIMEOUT_MS: '500', HEADERS_TIMEOUT_MS: '9000' }).timeouts.headersMs).toBe(500);
  });

  it('lists every variable it reads in .env.example', () => {
    const example = readFileSync('.env.example', 'utf8');
    const source = readFileSync('server/config.ts', 'utf8');
    const names = [...source.matchAll(/^ {2}([A-Z][A-Z0-9_]+): z\./gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(30);
    for (const name of names) expect(example, name).toMatch(new RegExp(`^${name}=`, 'm'));
  });
});
