import type { AnswerModel } from './chat';
import { OfflineComposer } from './chat/offline-model';
import { createOpenAIAnswerer } from './chat/openai-model';
import type { Prompts } from './chat/prompts';
import type { Config } from './config';
import type { Shorthand } from './knowledge/schema';

/** ChatOpenAI when OPENAI_API_KEY is set, otherwise the offline grounded composer (with the knowledge base's vocabulary). */
export function createAnswerModel(config: Config, prompts: Prompts, vocabulary: { shorthand?: Shorthand[] } = {}): AnswerModel {
  if (config.openai) return { name: config.openai.model, kind: 'llm', runnable: createOpenAIAnswerer(config.openai, prompts) };
  return { name: 'offline', kind: 'offline', runnable: new OfflineComposer(vocabulary) };
}
