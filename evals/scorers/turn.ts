import type { Level } from '../../server/knowledge/schema';
import type { ConversationCase } from '../schema';
import { words } from '../text';
import { scoreContent } from './content';
import { scoreRepetition } from './repetition';
import { hasEmergencyInstruction } from './safety';
import { scoreTriage } from './triage';
import type { ScoreResult } from './types';

export type TurnExpect = ConversationCase['turns'][number]['expect'];

/** What one turn of a conversation showed the person, as the widget gets it. */
export type TurnObserved = {
  /** The kind of turn the server says it was (`act`), or null when it says nothing. */
  act: string | null;
  /** The urgency shown with the reply (the badge), or null when the reply carries none (`triage: null`). */
  level: Level | null;
  reply: string;
  citations: { articleId: string; kind?: string }[];
  /** The replies before this one in the conversation (for repeated text). */
  earlierReplies: string[];
  emergencyNumber: string;
};

/** Words a person reads: citation markers left out. */
export const replyWords = (reply: string) => words(reply).length;

/**
 * One turn against its expectations, each a check of its own (the case's `expect` for that turn): act, badge,
 * level bounds, cited article or the clinic profile, content, length, the emergency instruction, repeated text.
 * A reply with no badge has no level: a bound needing any level fails, an `atMost` bound passes.
 */
export function scoreTurn(expect: TurnExpect, o: TurnObserved): Record<string, ScoreResult> {
  const checks: Record<string, ScoreResult> = {};
  if (expect.act) {
    const pass = o.act === expect.act;
    checks.act = { pass, score: pass ? 1 : 0, reason: pass ? `act ${o.act}` : `expected act ${expect.act}, got ${o.act ?? 'none'}` };
  }
  if (expect.badge) {
    const shown = o.level !== null;
    const pass = expect.badge === 'any' ? shown : !shown;
    checks.badge = { pass, score: pass ? 1 : 0, reason: pass ? (shown ? `badge ${o.level}` : 'no badge') : expect.badge === 'any' ? 'expected an urgency badge, got none' : `expected no badge, got ${o.level}` };
  }
  if (expect.triage) {
    if (o.level) checks.triage = scoreTriage(expect.triage, o.level);
    else {
      const pass = !expect.triage.level && !expect.triage.atLeast && Boolean(expect.triage.atMost);
      checks.triage = { pass, score: pass ? 1 : 0, reason: pass ? `no level shown, within at most ${expect.triage.atMost}` : 'expected a level, the reply shows none' };
    }
  }
  if (expect.cited) {
    const wanted = expect.cited;
    const pass = wanted === 'clinic' ? o.citations.some((c) => c.kind === 'clinic' || c.articleId === 'clinic') : o.citations.some((c) => wanted.includes(c.articleId));
    const got = o.citations.map((c) => (c.kind === 'clinic' ? 'clinic' : c.articleId)).join(', ') || 'nothing';
    checks.cited = { pass, score: pass ? 1 : 0, reason: pass ? `cites ${got}` : `expected ${wanted === 'clinic' ? 'the clinic profile' : `one of ${wanted.join(', ')}`}, cites ${got}` };
  }
  if (expect.mustInclude || expect.mustNotInclude) checks.content = scoreContent(o.reply, expect.mustInclude, expect.mustNotInclude);
  if (expect.maxWords) {
    const n = replyWords(o.reply);
    const pass = n <= expect.maxWords;
    checks.maxWords = { pass, score: pass ? 1 : 0, reason: `${n} words (max ${expect.maxWords})`, details: { words: n } };
  }
  if (expect.emergencyInstruction !== undefined) {
    const has = hasEmergencyInstruction(o.reply, o.emergencyNumber);
    const pass = has === expect.emergencyInstruction;
    checks.emergencyInstruction = { pass, score: pass ? 1 : 0, reason: has ? 'emergency instruction given' : 'no emergency instruction' };
  }
  checks.repetition = scoreRepetition(o.reply, o.earlierReplies);
  return checks;
}

/** After a reload: the transcript holds every earlier message. */
export function scoreTranscript(expected: number | undefined, got: number): ScoreResult {
  if (expected === undefined) return { pass: true, score: 1, reason: 'no transcript expectation', skipped: true };
  const pass = got === expected;
  return { pass, score: pass ? 1 : 0, reason: pass ? `transcript of ${got} messages` : `expected ${expected} messages in the transcript, got ${got}` };
}
