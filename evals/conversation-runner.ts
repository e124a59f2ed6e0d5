import type { ConversationCase } from './schema';
import { scoreTranscript, scoreTurn } from './scorers/turn';
import type { ScoreResult } from './scorers/types';
import type { ConversationHandle, Target } from './targets';

/** One turn of a conversation case, as the report shows it. */
export type TurnResult = {
  /** What the person typed, or "(reload)". */
  say: string;
  act?: string | null;
  level?: string | null;
  reply?: string;
  citations?: string[];
  /** The question the reply asked, with its quick replies. */
  question?: string;
  checks: Record<string, ScoreResult>;
  failed: string[];
  pass: boolean;
};

/**
 * Drives one conversation the way the widget does: each `say` is a message in the same conversation (its id and
 * secret kept from the first reply); a `reload` reads the transcript with the secret, as the widget does after a page
 * reload, and the conversation goes on. Every turn is scored against its own expectations.
 */
export async function runConversation(c: ConversationCase, target: Target, emergencyNumber: string): Promise<TurnResult[]> {
  const conversation: ConversationHandle = {};
  const replies: string[] = [];
  const out: TurnResult[] = [];
  for (const turn of c.turns) {
    if (turn.reload) {
      let checks: Record<string, ScoreResult>;
      try {
        const messages = conversation.id ? await target.transcript(conversation) : [];
        checks = { transcript: scoreTranscript(turn.expect.transcriptMessages, messages.length) };
      } catch (err) {
        checks = { transcript: { pass: false, score: 0, reason: `transcript could not be read: ${(err as Error).message}` } };
      }
      out.push(result('(reload)', {}, checks));
      continue;
    }
    const said = await target.say(turn.say!, conversation);
    const checks = scoreTurn(turn.expect, {
      act: said.act,
      level: said.level,
      reply: said.reply,
      citations: said.citations,
      earlierReplies: [...replies],
      emergencyNumber,
    });
    replies.push(said.reply);
    out.push(
      result(
        turn.say!,
        {
          act: said.act,
          level: said.level,
          reply: said.reply,
          citations: said.citations.map((x) => `[${x.n}] ${x.kind === 'clinic' ? 'clinic' : x.articleId}`),
          ...(said.question ? { question: `${said.question.text} [${said.question.answers.map((a) => a.label).join(' | ')}]` } : {}),
        },
        checks,
      ),
    );
  }
  return out;
}

function result(say: string, seen: Omit<TurnResult, 'say' | 'checks' | 'failed' | 'pass'>, checks: Record<string, ScoreResult>): TurnResult {
  const failed = Object.entries(checks)
    .filter(([, r]) => !r.skipped && !r.pass)
    .map(([name]) => name);
  return { say, ...seen, checks, failed, pass: failed.length === 0 };
}
