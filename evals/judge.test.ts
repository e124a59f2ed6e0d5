import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadEvalConfig } from './config';
import { createJudge } from './judge';

const input = { conversation: 'Turn 1 (patient): chest pain', reply: 'Call 911 now.', criterion: 'Puts the emergency action first', sources: '' };

describe('judge', () => {
  it('is off without EVAL_JUDGE_MODEL', async () => {
    expect(await createJudge(loadEvalConfig({}))).toBeNull();
  });

  it('falls back to OPENAI_* settings and caches each call on disk', async () => {
    const config = loadEvalConfig({ EVAL_JUDGE_MODEL: 'judge-1', OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://localhost:1/v1' });
    expect(config.judge).toEqual({ model: 'judge-1', apiKey: 'k', baseURL: 'http://localhost:1/v1' });
    const cacheDir = mkdtempSync(join(tmpdir(), 'judge-cache-'));
    const invoke = vi.fn(async (prompt: string) => ({ criteria_met: prompt.includes('Call 911 now.'), explanation: 'first line' }));
    const judge = (await createJudge(config, { cacheDir, invoke }))!;
    expect(await judge.grade(input)).toEqual({ criteria_met: true, explanation: 'first line' });
    expect(await judge.grade(input)).toEqual({ criteria_met: true, explanation: 'first line' });
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(readdirSync(cacheDir)).toHaveLength(1);
    const uncached = (await createJudge(config, { cacheDir, invoke, noCache: true }))!;
    await uncached.grade(input);
    expect(invoke).toHaveBeenCalledTimes(2);
  });
});

describe('judge against an OpenAI-compatible endpoint (msw)', async () => {
  const { setupServer } = await import('msw/node');
  const { http, HttpResponse } = await import('msw');
  const seen: any[] = [];
  // Answers the way the OpenAI API does, for whichever structured-output method LangChain asks for:
  // a forced tool call, or JSON content under a json_schema response format.
  const server = setupServer(
    http.post('http://judge.test/v1/chat/completions', async ({ request }) => {
      const body: any = await request.json();
      seen.push(body);
      const prompt = JSON.stringify(body.messages);
      const verdict = { criteria_met: prompt.includes('Call 911 now.'), explanation: 'The reply starts with the emergency action.' };
      const message = body.tools?.length
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: body.tools[0].function.name, arguments: JSON.stringify(verdict) } }] }
        : { role: 'assistant', content: JSON.stringify(verdict) };
      return HttpResponse.json({ id: 'j1', object: 'chat.completion', created: 1, model: body.model, choices: [{ index: 0, message, finish_reason: 'stop' }] });
    }),
  );
  server.listen({ onUnhandledRequest: 'error' });
  // Closed after the file whatever happens: test files share a worker (vitest.config.ts), and a server left listening
  // would intercept the next files' requests.
  afterAll(() => server.close());

  it('grades a criterion with structured output and caches it', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'judge-msw-'));
    const judge = (await createJudge(loadEvalConfig({ EVAL_JUDGE_MODEL: 'judge-1', EVAL_JUDGE_API_KEY: 'k', EVAL_JUDGE_BASE_URL: 'http://judge.test/v1' }), { cacheDir }))!;
    const verdict = await judge.grade(input);
    expect(verdict).toEqual({ criteria_met: true, explanation: 'The reply starts with the emergency action.' });
    expect(seen[0].model).toBe('judge-1');
    expect(JSON.stringify(seen[0].messages)).toContain('Puts the emergency action first');
    await judge.grade(input);
    expect(seen).toHaveLength(1);
    expect(judge.stats).toEqual({ calls: 1, cached: 1 });
    const failing = await judge.grade({ ...input, reply: 'You are fine.' });
    expect(failing.criteria_met).toBe(false);
  });
});
