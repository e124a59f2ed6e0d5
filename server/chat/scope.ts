import type { Audience } from '../db/store';
import type { ScopeData } from '../knowledge/schema';
import { isEmergent, type TriageResult } from '../triage';

export type Decline = { id: string; reply: string };
export type ScopeGuard = (text: string, audience: Audience, triage: TriageResult) => Decline | null;

/**
 * Requests Careline declines whatever its library holds (its own prompt, other people's chats, prescribing,
 * prescription-only doses, animals, unproven treatments, yes/no diagnoses), from knowledge/scope.yaml.
 * Never when triage found an emergency or a risk to life: then the safety answer comes first.
 */
export function createScopeGuard(scope: ScopeData): ScopeGuard {
  const rules = scope.declines.map((d) => ({
    ...d,
    anyRe: d.any.map((p) => new RegExp(p, 'i')),
    allRe: d.all.map((p) => new RegExp(p, 'i')),
  }));
  const never = new Set(scope.neverDeclineWith);
  return (text, audience, triage) => {
    if (isEmergent(triage.level)) return null;
    const present = new Set(triage.findings.filter((f) => f.present).map((f) => f.concept));
    if ([...present].some((c) => never.has(c))) return null;
    const t = text.toLowerCase().replace(/[’‘]/g, "'");
    for (const r of rules) {
      if (r.anyRe.length && !r.anyRe.some((re) => re.test(t))) continue;
      if (!r.allRe.every((re) => re.test(t))) continue;
      if (r.unlessConcepts.some((c) => present.has(c))) continue;
      return { id: r.id, reply: audience === 'nurse' && r.nurseReply ? r.nurseReply : r.reply };
    }
    return null;
  };
}
