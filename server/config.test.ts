import { describe, expect, it } from 'vitest';
import { loadConfig } from './config';

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
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(message);
  });
});
