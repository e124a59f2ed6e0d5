import { RunnableLambda } from '@langchain/core/runnables';
import type { AnswerModel } from '../../server/chat';
import type { AnswerInput } from '../../server/chat/types';

/**
 * An answer model that waits until the test releases it, and counts its calls: a reply stays "in progress" for
 * as long as a test needs, without any timer. `hang: true` never answers, even when aborted.
 */
export function gatedModel(options: { hang?: boolean } = {}) {
  let open!: () => void;
  const gate = new Promise<void>((r) => (open = r));
  const calls = { count: 0, started: [] as string[] };
  let waiting: (() => void)[] = [];
  const model: AnswerModel = {
    name: 'gated',
    kind: 'offline',
    runnable: RunnableLambda.from(async (input: AnswerInput): Promise<string> => {
      calls.count++;
      calls.started.push(input.question);
      waiting.splice(0).forEach((w) => w());
      if (options.hang) await new Promise(() => {});
      await gate;
      return `From the library [1]: ${input.sources[0]?.title ?? 'nothing'}.`;
    }),
  };
  return {
    model,
    calls,
    release: () => open(),
    /** Resolves once the model has been called `n` times in all. */
    started(n: number): Promise<void> {
      return new Promise((resolve) => {
        const check = () => (calls.count >= n ? resolve() : waiting.push(check));
        check();
      });
    },
  };
}

/** A question the library answers (so the model runs), varied by `n`. */
export const answerable = (n = 0) => ['how do I treat a mild sunburn at home?', 'what helps a sore throat?', 'how long does a cold last?', 'what can I do for a tension headache?'][n % 4];
