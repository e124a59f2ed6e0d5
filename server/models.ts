import type { AnswerModel } from './chat';
import { OfflineComposer } from './chat/offline-model';
import { createOpenAIAnswerer } from './chat/openai-model';
import { loadPrompts, type Prompts } from './chat/prompts';
import type { Config } from './config';
import type { Shorthand } from './knowledge/schema';

/** The classes of `@langchain/openai` the server uses: the chat model and the embeddings client. */
export type OpenAIClasses = Pick<typeof import('@langchain/openai'), 'ChatOpenAI' | 'OpenAIEmbeddings'>;

/**
 * `@langchain/openai` (about 13 MB of RSS and 0.1-0.2 s of start), imported only when a model or an embeddings
 * endpoint is configured: the offline composer never calls it. Null when neither is. A dynamic import, so the
 * caller awaits it once before the (synchronous) `createApp`.
 */
export async function loadOpenAIClasses(config: Pick<Config, 'openai' | 'embeddings'>): Promise<OpenAIClasses | null> {
  return config.openai || config.embeddings ? await import('@langchain/openai') : null;
}

/** ChatOpenAI when OPENAI_API_KEY is set, otherwise the offline grounded composer (with the knowledge base's vocabulary). */
export function createAnswerModel(config: Config, prompts: Prompts | null, vocabulary: { shorthand?: Shorthand[] } = {}, openai: OpenAIClasses | null = null): AnswerModel {
  if (config.openai) return { name: config.openai.model, kind: 'llm', runnable: createOpenAIAnswerer(config.openai, prompts ?? loadPrompts(config.promptsDir), requireOpenAI(openai).ChatOpenAI) };
  return { name: 'offline', kind: 'offline', runnable: new OfflineComposer(vocabulary) };
}

/** The classes, or a plain error for the developer who configured a model without loading them first. */
export function requireOpenAI(openai: OpenAIClasses | null | undefined): OpenAIClasses {
  if (!openai) throw new Error('OPENAI_API_KEY or an embeddings endpoint is configured: pass `openai: await loadOpenAIClasses(config)` to createApp');
  return openai;
}
