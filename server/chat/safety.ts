import type { TriageResult } from '../triage';
import { isEmergent, levelRank } from '../triage';

const DEFINITIVE_DIAGNOSIS = /\b(you (definitely|certainly|clearly|obviously) have|you have been diagnosed with|the diagnosis is|i can confirm (that )?you have|this is definitely|it is definitely|it's definitely)\b/i;
const DISMISSIVE = /\b(you('re| are) (fine|ok|okay|alright)|nothing to worry about|no need to (see|call|go|worry|seek)|(do not|don't) need (to see|a doctor|medical|to call|to go))\b/i;
const PROMPT_LEAK = /rules you must follow|whatever the conversation says/i;

/**
 * Checks a model's reply before it is sent: no definitive diagnosis, nothing dismissive when triage says to get
 * care, no leaked system prompt. A reply that fails is replaced by the offline answer.
 */
export function replyViolations(reply: string, triage: TriageResult): string[] {
  const v: string[] = [];
  if (DEFINITIVE_DIAGNOSIS.test(reply)) v.push('definitive_diagnosis');
  if (levelRank(triage.level) >= levelRank('consultation') && DISMISSIVE.test(reply)) v.push('dismissive');
  if (PROMPT_LEAK.test(reply)) v.push('prompt_leak');
  return v;
}

/**
 * The safety frame every reply gets, whatever model wrote it: the emergency instruction first when the level is
 * emergent, and at the end the level's advice and a reminder that this is not a diagnosis.
 */
export function withSafetyFrame(body: string, triage: TriageResult): string {
  const parts: string[] = [];
  if (isEmergent(triage.level)) parts.push(triage.advice);
  if (body.trim()) parts.push(body.trim());
  if (!isEmergent(triage.level) && triage.followUpQuestions.length) {
    parts.push(`To point you to the right advice, could you tell me: ${triage.followUpQuestions.join(' ')}`);
  }
  if (!isEmergent(triage.level)) parts.push(`What to do now: ${triage.advice}`);
  parts.push('This is general information from our clinic library, not a diagnosis.');
  return parts.join('\n\n');
}

export function noReliableAnswer(audience: 'patient' | 'nurse'): string {
  return audience === 'nurse'
    ? 'The local guideline library has no reliable answer to this question, so I will not guess. Please check the full national guideline or ask a senior clinician.'
    : "I couldn't find a reliable answer to that in our clinic's library, so I won't guess. A pharmacist, nurse or doctor can help with this question.";
}
