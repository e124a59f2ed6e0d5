import type { DonePayload as PublicDone, TriagePayload } from '../contracts/chat';
import type { DonePayload } from '../chat/types';
import type { TriageResult } from '../triage';

/** The `triage` event: everything the widget needs to show the urgency (and the emergency instruction) at once. */
export function publicTriage(messageId: string, conversationId: string, t: TriageResult, act: TriagePayload['act'] = 'symptoms'): TriagePayload {
  return {
    messageId,
    conversationId,
    act,
    level: t.level,
    label: t.label,
    advice: t.advice,
    emergency: t.emergency,
    redFlags: t.redFlags.map((f) => ({ id: f.id, label: f.label, evidence: f.evidence })),
    followUpQuestions: t.followUpQuestions,
    findings: t.findings.map((f) => ({ concept: f.concept, present: f.present, text: f.text, context: f.context, experiencer: f.experiencer })),
    reason: t.reason,
    conditions: t.conditions,
    nextQuestion: t.nextQuestion,
  };
}

/**
 * The `done` event (DESIGN.md). `messageId` is the user's message, as in the ack and every other event; `triage` is
 * null when the turn carries no urgency (a greeting, a clinic question, a health question with no symptoms).
 */
export function publicDone(d: DonePayload): PublicDone {
  return {
    messageId: d.messageId,
    replyId: d.replyId,
    conversationId: d.conversationId,
    act: d.act,
    reply: d.reply,
    citations: d.citations,
    triage: d.carriesTriage ? publicTriage(d.messageId, d.conversationId, d.triage, d.act) : null,
    question: d.question,
    ...(d.person ? { person: d.person } : {}),
    model: d.model,
    fallback: d.fallback,
    ...(d.note ? { note: d.note } : {}),
  };
}
