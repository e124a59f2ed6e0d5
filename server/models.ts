import type { Runnable, RunnableConfig } from '@langchain/core/runnables';
import type { AnswerModel } from './chat';
import { OFFLINE_COMPOSER } from './chat/offline-brand';
import type { OfflineComposer } from './chat/offline-model';
import { loadPrompts, type Prompts } from './chat/prompts';
import type { AnswerInput } from './chat/types';
import type { Config } from './config';
import type { Shorthand } from './knowledge/schema';

/**
 * What the server uses of `@langchain/openai`: the chat model and the embeddings client, and the OpenAI chain
 * (chat/openai-model.ts, which imports LangChain's core).
 */
export type OpenAIClasses = Pick<typeof import('@langchain/openai'), 'ChatOpenAI' | 'OpenAIEmbeddings'> & Pick<typeof import('./chat/openai-model'), 'createOpenAIAnswerer'>;

/**
 * `@langchain/openai` (about 13 MB of RSS and 0.1-0.2 s of start) and the OpenAI chain, imported only when a model
 * or an embeddings endpoint is configured: the offline composer never calls them. Null when neither is. A dynamic
 * import, so the caller awaits it once before the (synchronous) `createApp`.
 */
export async function loadOpenAIClasses(config: Pick<Config, 'openai' | 'embeddings'>): Promise<OpenAIClasses | null> {
  if (!config.openai && !config.embeddings) return null;
  const [{ ChatOpenAI, OpenAIEmbeddings }, { createOpenAIAnswerer }] = await Promise.all([import('@langchain/openai'), import('./chat/openai-model')]);
  return { ChatOpenAI, OpenAIEmbeddings, createOpenAIAnswerer };
}

/** ChatOpenAI when OPENAI_API_KEY is set, otherwise the offline grounded composer (with the knowledge base's vocabulary). */
export function createAnswerModel(config: Config, prompts: Prompts | null, vocabulary: { shorthand?: Shorthand[] } = {}, openai: OpenAIClasses | null = null): AnswerModel {
  if (config.openai) {
    const classes = requireOpenAI(openai);
    return { name: config.openai.model, kind: 'llm', runnable: classes.createOpenAIAnswerer(config.openai, prompts ?? loadPrompts(config.promptsDir), classes.ChatOpenAI) };
  }
  return { name: 'offline', kind: 'offline', runnable: offlineComposer(vocabulary) };
}

/**
 * The offline composer as the model's runnable, made on first `invoke` or `stream`. The chat service never calls it
 * (it composes through its stages, on a worker or this thread, and knows the composer by its brand), so a server
 * without a key does not load LangChain's core at all. Whoever calls it gets the `OfflineComposer` (a LangChain
 * `Runnable`, chat/offline-model.ts) answering, with the same input and output.
 */
function offlineComposer(vocabulary: { shorthand?: Shorthand[] }): Runnable<AnswerInput, string> {
  let composer: Promise<OfflineComposer> | undefined;
  const made = () => (composer ??= import('./chat/offline-model').then(({ OfflineComposer }) => new OfflineComposer(vocabulary)));
  const handle = {
    [OFFLINE_COMPOSER]: true,
    invoke: async (input: AnswerInput, options?: Partial<RunnableConfig>) => (await made()).invoke(input, options),
    stream: async (input: AnswerInput, options?: Partial<RunnableConfig>) => (await made()).stream(input, options),
  };
  return handle as unknown as Runnable<AnswerInput, string>;
}

/** The classes, or a plain error for the developer who configured a model without loading them first. */
export function requireOpenAI(openai: OpenAIClasses | null | undefined): OpenAIClasses {
  if (!openai) throw new Error('OPENAI_API_KEY or an embeddings endpoint is configured: pass `openai: await loadOpenAIClasses(config)` to createApp');
  return openai;
}
