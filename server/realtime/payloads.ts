import type { DonePayload } from '../chat/types';
import type { TriageResult } from '../triage';

/** The `triage` event: everything the widget needs to show the urgency (and the emergency instruction) at once. */
export function publicTriage(messageId: string, conversationId: string, t: TriageResult) {
  return {
    messageId,
    conversationId,
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

/** The `done` event (DESIGN.md). `messageId` is the user's message, as in the ack and every other event. */
export function publicDone(d: DonePayload) {
  return {
    messageId: d.messageId,
    replyId: d.replyId,
    conversationId: d.conversationId,
    reply: d.reply,
    citations: d.citations,
    triage: publicTriage(d.messageId, d.conversationId, d.triage),
    model: d.model,
    fallback: d.fallback,
    ...(d.note ? { note: d.note } : {}),
  };
}
