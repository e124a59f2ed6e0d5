/**
 * The offline composer (offline-composer.ts) behind the same LangChain interface as the LLM chain. Its own module so
 * the turn workers, which compose with `composeAnswer` alone, do not load LangChain (about 10 MB a thread).
 */
import { Runnable, type RunnableConfig } from '@langchain/core/runnables';
import type { Shorthand } from '../knowledge/schema';
import { OFFLINE_COMPOSER } from './offline-brand';
import { composeAnswer, createShorthandExpander, streamPieces, type ShorthandExpander } from './offline-composer';
import type { AnswerInput } from './types';

/** The offline model behind the same LangChain interface as the LLM chain: `invoke` and `stream`. */
export class OfflineComposer extends Runnable<AnswerInput, string> {
  lc_namespace = ['careline', 'chat'];
  readonly [OFFLINE_COMPOSER] = true;
  private readonly expandShorthand: ShorthandExpander;

  /** `shorthand`: the knowledge base's list (knowledge/vocabulary/medicine-shorthand.yaml). */
  constructor(options: { shorthand?: Shorthand[] } = {}) {
    super();
    this.expandShorthand = createShorthandExpander(options.shorthand);
  }

  static override lc_name() {
    return 'OfflineComposer';
  }

  override async invoke(input: AnswerInput, options?: Partial<RunnableConfig>): Promise<string> {
    return this._callWithConfig(async (i: AnswerInput) => composeAnswer(i, this.expandShorthand), input, options);
  }

  override async *_streamIterator(input: AnswerInput): AsyncGenerator<string> {
    for (const piece of streamPieces(composeAnswer(input, this.expandShorthand))) yield piece;
  }
}
