import type { ContentChecker } from '../safety';
import type { TriageResult } from '../triage';
import { isEmergent, levelRank } from '../triage';

const DEFINITIVE_DIAGNOSIS = /\b(you (definitely|certainly|clearly|obviously) have|you have been diagnosed with|the diagnosis is|i can confirm (that )?you have|this is definitely|it is definitely|it's definitely)\b/i;
const DISMISSIVE = /\b(you('re| are) (fine|ok|okay|alright)|nothing to worry about|no need to (see|call|go|worry|seek)|(do not|don't) need (to see|a doctor|medical|to call|to go))\b/i;
const PROMPT_LEAK = /rules you must follow|whatever the conversation says/i;

/**
 * Checks a reply before it is sent, whichever model wrote it: no definitive diagnosis, nothing dismissive when triage
 * says to get care, no leaked system prompt, and the content checks every clinic document also passes (no dose above
 * the maximum, no "no need to see a doctor" about a red-flag symptom, no instructions to the assistant, no link that
 * is not http(s)). A model reply that fails is replaced by the offline answer; see `withoutViolations` for that one.
 */
export function replyViolations(reply: string, triage: TriageResult, checker?: ContentChecker | null): string[] {
  const v: string[] = [];
  if (DEFINITIVE_DIAGNOSIS.test(reply)) v.push('definitive_diagnosis');
  if (levelRank(triage.level) >= levelRank('consultation') && DISMISSIVE.test(reply)) v.push('dismissive');
  if (PROMPT_LEAK.test(reply)) v.push('prompt_leak');
  if (checker) for (const c of checker.check(reply)) if (!v.includes(c.id)) v.push(c.id);
  return v;
}

/**
 * The reply without the sentences that fail `replyViolations` (an offline answer is quoted sentence by sentence, so
 * a failing sentence can go and the rest still stands), and the names of what was removed.
 */
export function withoutViolations(reply: string, triage: TriageResult, checker?: ContentChecker | null): { reply: string; removed: string[] } {
  if (!replyViolations(reply, triage, checker).length) return { reply, removed: [] };
  const removed: string[] = [];
  const lines = reply.split('\n').map((line) => {
    const parts = line.split(/(?<=[.!?](?: \[\d{1,3}\])*)\s+(?=[A-Z0-9"(-])/);
    const kept = parts.filter((p) => {
      const v = replyViolations(p, triage, checker);
      removed.push(...v);
      return v.length === 0;
    });
    return kept.join(' ');
  });
  return { reply: lines.join('\n').replace(/\n{3,}/g, '\n\n').trim(), removed: [...new Set(removed)] };
}

/**
 * The safety frame every reply gets, whatever model wrote it. Patients: the emergency instruction first when
 * the level is emergent; at the end the level's advice and a reminder that this is not a diagnosis. Nurses: an
 * escalation line when the question describes red flags, and a reminder to check the full guideline.
 */
export function withSafetyFrame(body: string, triage: TriageResult, audience: 'patient' | 'nurse' = 'patient'): string {
  const parts: string[] = [];
  if (audience === 'nurse') {
    if (isEmergent(triage.level) && describesPatient(triage)) {
      const flags = triage.redFlags.filter((f) => isEmergent(f.level)).map((f) => f.label.toLowerCase());
      // An emergency level that comes from a likely condition or a score rather than a red flag is said as such, not
      // with an empty list of red flags (triage's guess at the condition is left to the guideline's own words).
      const why = flags.length ? `the description includes red flags (${flags.join('; ')})` : 'what the description gives reaches an emergency level';
      parts.push(`Escalate now: ${why}. Call the emergency number or your emergency team in line with local policy.`);
    }
    if (body.trim()) parts.push(body.trim());
    parts.push('Summary from the local guideline library: check the full guideline and local policy before acting.');
    return parts.join('\n\n');
  }
  const reported = triage.findings.some((f) => f.present);
  if (isEmergent(triage.level)) parts.push(triage.advice);
  if (body.trim()) parts.push(body.trim());
  if (!isEmergent(triage.level) && triage.followUpQuestions.length) {
    parts.push(`To point you to the right advice, could you tell me: ${triage.followUpQuestions.join(' ')}`);
  }
  if (!isEmergent(triage.level) && reported) parts.push(`What to do now: ${triage.advice}`);
  else if (!isEmergent(triage.level)) parts.push('If you have symptoms, tell me about them and I will say how soon to get care.');
  parts.push('This is general information from our clinic library, not a diagnosis.');
  return parts.join('\n\n');
}

/** A nurse question about a patient in front of them ("72yo, sats 88"), not about a topic ("anaphylaxis tx"). */
function describesPatient(t: TriageResult): boolean {
  const c = t.context;
  return c.ageYears !== undefined || c.ageMonths !== undefined || c.subject !== 'self' || Object.keys(c.vitals).length > 0 || c.pregnant === true;
}

export function noReliableAnswer(audience: 'patient' | 'nurse'): string {
  return audience === 'nurse'
    ? 'The local guideline library has no reliable answer to this question, so I will not guess. Please check the full national guideline or ask a senior clinician.'
    : "I couldn't find a reliable answer to that in our clinic's library, so I won't guess. A pharmacist, nurse or doctor can help with this question.";
}
