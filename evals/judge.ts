import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { loadPrompt } from '../server/chat/prompts';
import type { EvalConfig } from './config';
import type { JudgeVerdict } from './scorers/rubric';

export const verdictSchema = z.object({
  criteria_met: z.boolean().describe('true if the reply meets the criterion'),
  explanation: z.string().describe('one or two sentences saying why'),
});

export type JudgeInput = { conversation: string; reply: string; criterion: string; sources: string };

export type Judge = {
  model: string;
  grade(input: JudgeInput): Promise<JudgeVerdict>;
  stats: { calls: number; cached: number };
};

export const CACHE_DIR = join(import.meta.dirname, '.cache');
const PROMPTS_DIR = join(import.meta.dirname, '..', 'prompts');

/** sha256 of model + prompt + input: the cache key of one judge call. */
export const cacheKey = (model: string, prompt: string, input: JudgeInput) =>
  createHash('sha256').update(JSON.stringify([model, prompt, input])).digest('hex');

/**
 * The LLM judge (OpenAI-compatible, via @langchain/openai with structured output), or null when
 * EVAL_JUDGE_MODEL is unset. Every call is cached in evals/.cache/<sha256>.json unless `noCache`.
 * `invoke` can be swapped in tests.
 */
export async function createJudge(
  config: EvalConfig,
  options: { noCache?: boolean; cacheDir?: string; invoke?: (prompt: string) => Promise<JudgeVerdict> } = {},
): Promise<Judge | null> {
  if (!config.judge) return null;
  const { model } = config.judge;
  const template = loadPrompt(PROMPTS_DIR, 'judge-rubric');
  const cacheDir = options.cacheDir ?? CACHE_DIR;
  let invoke = options.invoke;
  if (!invoke) {
    const { ChatOpenAI } = await import('@langchain/openai');
    const llm = new ChatOpenAI({
      model,
      temperature: 0,
      apiKey: config.judge.apiKey ?? 'none',
      configuration: config.judge.baseURL ? { baseURL: config.judge.baseURL } : undefined,
      maxRetries: 3,
    }).withStructuredOutput(verdictSchema, { name: 'grade' });
    invoke = async (prompt) => verdictSchema.parse(await llm.invoke(prompt));
  }
  const stats = { calls: 0, cached: 0 };
  return {
    model,
    stats,
    async grade(input) {
      const key = cacheKey(model, template.template, input);
      const file = join(cacheDir, `${key}.json`);
      if (!options.noCache && existsSync(file)) {
        stats.cached++;
        return verdictSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      }
      stats.calls++;
      const verdict = await invoke!(template.render(input));
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(file, JSON.stringify(verdict, null, 2));
      return verdict;
    },
  };
}
