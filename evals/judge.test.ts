import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
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
