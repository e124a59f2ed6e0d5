import { normalizeText } from '../../server/language/normalize';
import type { ScoreResult } from './types';

/** A finding as the triage API returns it (POST /api/triage `findings[]`). */
export type ApiFinding = {
  concept: string;
  text: string;
  context?: string;
  experiencer?: string;
  categories?: { negated?: boolean; possible?: boolean; hypothetical?: boolean; historical?: boolean; resolved?: boolean; family?: boolean; question?: boolean };
  triggers?: { category: string; text: string }[];
};

export type GoldStatus = 'present' | 'negated' | 'possible' | 'hypothetical' | 'historical';
export type GoldTarget = { span: string; status: GoldStatus; experiencer: 'patient' | 'other' | 'family' };

export type TargetResult = {
  span: string;
  gold: GoldStatus;
  goldExperiencer: GoldTarget['experiencer'];
  /** null: no finding covers the span (the vocabulary did not recognise it). */
  found: { concept: string; text: string; status: GoldStatus; accepted: GoldStatus[]; experiencer: string; triggers: string[] } | null;
  statusOk: boolean;
  experiencerOk: boolean;
};

const STOP = new Set(['a', 'an', 'the', 'my', 'his', 'her', 'of', 'in', 'on', 'to', 'and', 'or', 'is', 'i', 'it', 'at', 'with', 'for', 'very', 'really', 'bit', 'some', 'any']);
const words = (s: string) =>
  normalizeText(s)
    .toLowerCase()
    .replace(/['`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter((w) => w && !STOP.has(w));

/** The statuses a finding's categories allow: gone-now ("resolved") is both negated and historical. */
export function statusesOf(f: ApiFinding): GoldStatus[] {
  const c = f.categories;
  if (!c) {
    const map: Record<string, GoldStatus[]> = { current: ['present'], negated: ['negated'], resolved: ['negated', 'historical'], past: ['historical'], possible: ['possible'], hypothetical: ['hypothetical'], question: ['hypothetical'], family: ['historical', 'present'], other: ['present'] };
    return map[f.context ?? 'current'] ?? ['present'];
  }
  if (c.resolved) return ['negated', 'historical'];
  if (c.negated) return ['negated'];
  if (c.hypothetical || c.question) return ['hypothetical'];
  if (c.historical) return ['historical'];
  if (c.possible) return ['possible'];
  return ['present'];
}

const experiencerOf = (f: ApiFinding) => (f.categories?.family || f.experiencer === 'family' ? 'family' : f.experiencer === 'other' ? 'other' : 'patient');

/**
 * ConText scoring per target, not per text: each gold span is matched to the finding whose words overlap it most,
 * then its status (present / negated / possible / hypothetical / historical) and its experiencer are compared.
 * A span no finding covers is "not recognised" (a vocabulary miss, counted as wrong).
 */
export function scoreContextTargets(targets: GoldTarget[], findings: ApiFinding[]): ScoreResult<TargetResult[]> {
  const results = targets.map((t): TargetResult => {
    const span = new Set(words(t.span));
    let best: ApiFinding | null = null;
    let bestScore = 0;
    for (const f of findings) {
      const fw = words(f.text);
      const shared = fw.filter((w) => span.has(w)).length;
      if (!shared) continue;
      const score = shared / Math.max(span.size, fw.length);
      if (score > bestScore) {
        bestScore = score;
        best = f;
      }
    }
    if (!best) return { span: t.span, gold: t.status, goldExperiencer: t.experiencer, found: null, statusOk: false, experiencerOk: false };
    const accepted = statusesOf(best);
    const experiencer = experiencerOf(best);
    return {
      span: t.span,
      gold: t.status,
      goldExperiencer: t.experiencer,
      found: { concept: best.concept, text: best.text, status: accepted[0], accepted, experiencer, triggers: (best.triggers ?? []).map((x) => `${x.category}:${x.text}`) },
      statusOk: accepted.includes(t.status),
      experiencerOk: experiencer === t.experiencer,
    };
  });
  const ok = results.filter((r) => r.statusOk && r.experiencerOk).length;
  const wrong = results.filter((r) => !(r.statusOk && r.experiencerOk));
  return {
    pass: ok === results.length,
    score: results.length ? ok / results.length : 1,
    reason: wrong.length
      ? wrong.map((r) => (r.found ? `"${r.span}": expected ${r.gold}/${r.goldExperiencer}, got ${r.found.accepted.join('|')}/${r.found.experiencer} (${r.found.concept}${r.found.triggers.length ? `; ${r.found.triggers.join(', ')}` : ''})` : `"${r.span}": not recognised`)).join('; ')
      : `all ${results.length} targets right`,
    details: results,
  };
}
