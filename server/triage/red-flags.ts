import type { RedFlagRule } from '../knowledge/schema';
import type { PatientContext } from '../language/extract';

type Range = { gte?: number; lte?: number; gt?: number; lt?: number };

export function inRange(value: number | undefined, r?: Range): boolean {
  if (!r) return true;
  if (value === undefined) return false;
  return (r.gte === undefined || value >= r.gte) && (r.lte === undefined || value <= r.lte) &&
    (r.gt === undefined || value > r.gt) && (r.lt === undefined || value < r.lt);
}

export const isChild = (ctx: PatientContext) =>
  ctx.ageYears !== undefined ? ctx.ageYears < 16 : ctx.subject === 'child' || Boolean(ctx.infantAgeUnknown);

/**
 * What a rule can see: the concepts present, and for each present modifier ("sudden", "severe", "getting
 * worse") the findings it qualifies. A modifier counts for a rule only if it qualifies one of the rule's own
 * findings: "came down suddenly with a fever and a headache" is a sudden illness, not a sudden headache.
 * `null` means the modifier qualifies everything (a pain score, or a later answer about the same complaint).
 */
export type RuleEvidence = {
  present: Set<string>;
  qualifies: Map<string, Set<string> | null>;
  modifiers: Set<string>;
  /** Present only as the person's own guess ("is this anxiety"): a guess does not withdraw a rule (its `none`). */
  guessed?: Set<string>;
};

/**
 * A rule's concepts (all, any, then the groups', in that order, repeats kept) and its anchors (those that are not
 * modifiers), made once per rule and set of modifiers: a message is checked against every rule (264), several
 * times a turn, and building them at every check was about a tenth of triage's time.
 */
const conceptsCache = new WeakMap<RedFlagRule, string[]>();
export function ruleConcepts(rule: RedFlagRule): string[] {
  let concepts = conceptsCache.get(rule);
  if (!concepts) conceptsCache.set(rule, (concepts = [...rule.all, ...rule.any, ...rule.groups.flat()]));
  return concepts;
}
const anchorsCache = new WeakMap<RedFlagRule, { modifiers: Set<string>; anchors: Set<string> }>();
function anchorsOf(rule: RedFlagRule, modifiers: Set<string>): Set<string> {
  const hit = anchorsCache.get(rule);
  if (hit && hit.modifiers === modifiers) return hit.anchors;
  const anchors = new Set(ruleConcepts(rule).filter((c) => !modifiers.has(c)));
  anchorsCache.set(rule, { modifiers, anchors });
  return anchors;
}

export function ruleMatches(rule: RedFlagRule, ev: RuleEvidence, ctx: PatientContext): boolean {
  const has = (c: string) => {
    if (!ev.present.has(c)) return false;
    if (!ev.modifiers.has(c)) return true;
    const anchors = anchorsOf(rule, ev.modifiers);
    if (!anchors.size) return true;
    const q = ev.qualifies.get(c);
    return q === null || q === undefined || [...q].some((a) => anchors.has(a));
  };
  if (!rule.all.every(has)) return false;
  if (rule.any.length && rule.any.filter(has).length < rule.minAny) return false;
  if (!rule.groups.every((g) => g.some(has))) return false;
  if (rule.none.some((c) => ev.present.has(c) && !ev.guessed?.has(c))) return false;
  if (rule.child !== undefined && isChild(ctx) !== rule.child) return false;
  if (rule.infantAgeUnknown !== undefined && Boolean(ctx.infantAgeUnknown) !== rule.infantAgeUnknown) return false;
  if (rule.unlessGestationUnderWeeks !== undefined && ctx.gestationWeeks !== undefined && ctx.gestationWeeks < rule.unlessGestationUnderWeeks) return false;
  if (rule.unlessGestationOverWeeks !== undefined && ctx.gestationWeeks !== undefined && ctx.gestationWeeks > rule.unlessGestationOverWeeks) return false;
  if (rule.unlessDurationOverDays !== undefined && ctx.durationDays !== undefined && ctx.durationDays > rule.unlessDurationOverDays) return false;
  if (!inRange(ctx.gestationWeeks, rule.gestationWeeks)) return false;
  if (!inRange(ctx.ageYears, rule.ageYears) || !inRange(ctx.ageMonths, rule.ageMonths)) return false;
  if (rule.pregnant !== undefined && Boolean(ctx.pregnant) !== rule.pregnant) return false;
  if (rule.sex !== undefined && ctx.sex !== undefined && ctx.sex !== rule.sex) return false;
  if (!inRange(ctx.durationDays, rule.durationDays) || !inRange(ctx.severity, rule.severity)) return false;
  if (rule.vitals) {
    for (const [k, r] of Object.entries(rule.vitals)) {
      const value = k === 'shockIndex' ? shockIndex(ctx.vitals) : (ctx.vitals[k as keyof PatientContext['vitals']] as number | undefined);
      if (!inRange(value, r)) return false;
    }
  }
  return true;
}

/** Pulse over systolic blood pressure, when both were given. */
export function shockIndex(v: PatientContext['vitals']): number | undefined {
  return v.pulse !== undefined && v.systolicBp !== undefined && v.systolicBp > 0 ? v.pulse / v.systolicBp : undefined;
}

/** The concepts a rule used, present ones only, in the rule's order. */
export function usedConcepts(rule: RedFlagRule, present: Set<string>): string[] {
  return ruleConcepts(rule).filter((c, i, a) => present.has(c) && a.indexOf(c) === i);
}
