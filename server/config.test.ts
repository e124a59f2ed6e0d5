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

  it('splits lists', () => {
    expect(loadConfig({ NURSE_TOKENS: ' a, b ,,', ALLOWED_ORIGINS: 'https://x.example' })).toMatchObject({ nurseTokens: ['a', 'b'], allowedOrigins: ['https://x.example'] });
  });

  it.each([
    [{ PORT: 'abc' }, /PORT/],
    [{ EMERGENCY_NUMBER: 'call me' }, /EMERGENCY_NUMBER: digits only/],
    [{ OPENAI_BASE_URL: 'not a url' }, /OPENAI_BASE_URL/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrowError(message);
  });
});
