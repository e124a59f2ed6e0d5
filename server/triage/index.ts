import { readFileSync } from 'node:fs';
import wordListPath from 'word-list';
import type { Knowledge } from '../knowledge/load';
import type { RedFlagRule } from '../knowledge/schema';
import { analyzeText, type FindingContext } from './analyze';
import { extractContext, type PatientContext } from './extract';
import { buildLexiconIndex, type LexiconIndex } from './lexicon-index';
import { isEmergent, levelRank, maxLevel, type Level } from './levels';
import { computeNews2, type News2 } from './news2';

export { isEmergent, levelRank, maxLevel, threeLevel, LEVELS, type Level } from './levels';

export type Finding = { concept: string; name: string; present: boolean; text: string; context: FindingContext };
export type RedFlag = { id: string; label: string; level: Level; evidence: string[]; source: { name: string; url?: string } };

export type TriageInput = { text: string; age?: number; sex?: 'female' | 'male'; pregnant?: boolean };

export type TriageResult = {
  level: Level;
  /** The level in words for people (knowledge/red-flags/triage.yaml). */
  label: string;
  emergency: boolean;
  redFlags: RedFlag[];
  findings: Finding[];
  followUpQuestions: string[];
  advice: string;
  informational: boolean;
  context: PatientContext & { news2?: News2; locations: string[] };
  /** Why the level is what it is, in one line a nurse can read. */
  reason: string;
};

/** What a conversation remembers between turns: every finding so far and the highest level reached. */
export type TriageState = { findings: Finding[]; level: Level | null; context?: Partial<PatientContext> };

export type Triage = {
  assess(input: TriageInput, previous?: TriageState | null): TriageResult;
  lexicon: LexiconIndex;
};

let englishWords: Set<string> | undefined;
/** Correctly spelled words: an English word list plus every word of the articles. Loaded once per process. */
const vocabularyOf = (k: Knowledge): Set<string> => {
  englishWords ??= new Set(readFileSync(wordListPath, 'utf8').split('\n').filter((w) => w.length >= 4));
  const words = new Set(englishWords);
  for (const a of k.articles) for (const w of `${a.title} ${a.summary} ${a.body}`.toLowerCase().match(/[a-z]+/g) ?? []) words.add(w);
  // Everyday words the articles may not contain, which are one edit away from a symptom word.
  for (const w of ['never', 'fine', 'pin', 'rain', 'paint', 'pale', 'heat', 'hear', 'feet', 'fear', 'sore', 'more', 'best', 'chess', 'coffee', 'cough', 'rush']) words.add(w);
  return words;
};

function inRange(value: number | undefined, r?: { gte?: number; lte?: number; gt?: number; lt?: number }): boolean {
  if (!r) return true;
  if (value === undefined) return false;
  return (r.gte === undefined || value >= r.gte) && (r.lte === undefined || value <= r.lte) &&
    (r.gt === undefined || value > r.gt) && (r.lt === undefined || value < r.lt);
}

const isChild = (ctx: PatientContext) =>
  ctx.ageYears !== undefined ? ctx.ageYears < 16 : ctx.subject === 'child' || Boolean(ctx.infantAgeUnknown);

function ruleMatches(rule: RedFlagRule, present: Set<string>, ctx: PatientContext): boolean {
  if (!rule.all.every((c) => present.has(c))) return false;
  if (rule.any.length && rule.any.filter((c) => present.has(c)).length < rule.minAny) return false;
  if (!rule.groups.every((g) => g.some((c) => present.has(c)))) return false;
  if (rule.none.some((c) => present.has(c))) return false;
  if (rule.child !== undefined && isChild(ctx) !== rule.child) return false;
  if (rule.infantAgeUnknown !== undefined && Boolean(ctx.infantAgeUnknown) !== rule.infantAgeUnknown) return false;
  if (rule.unlessGestationUnderWeeks !== undefined && ctx.gestationWeeks !== undefined && ctx.gestationWeeks < rule.unlessGestationUnderWeeks) return false;
  if (rule.unlessDurationOverDays !== undefined && ctx.durationDays !== undefined && ctx.durationDays > rule.unlessDurationOverDays) return false;
  if (!inRange(ctx.ageYears, rule.ageYears) || !inRange(ctx.ageMonths, rule.ageMonths)) return false;
  if (rule.pregnant !== undefined && Boolean(ctx.pregnant) !== rule.pregnant) return false;
  if (!inRange(ctx.durationDays, rule.durationDays) || !inRange(ctx.severity, rule.severity)) return false;
  if (rule.vitals) {
    for (const [k, r] of Object.entries(rule.vitals)) {
      if (!inRange(ctx.vitals[k as keyof PatientContext['vitals']] as number | undefined, r)) return false;
    }
  }
  return true;
}

/**
 * The deterministic triage layer: text (+ the conversation's earlier findings) -> findings -> red-flag rules
 * -> level. No model is involved, and the level never goes down within a conversation.
 */
export function createTriage(knowledge: Knowledge, options: { emergencyNumber: string }): Triage {
  const lexicon = buildLexiconIndex(knowledge.lexicon, vocabularyOf(knowledge));
  const compositionRules = {
    compositions: knowledge.triage.compositions.map((c) => ({ words: new Set(c.words), sites: new Map(Object.entries(c.sites)) })),
    modifiers: new Set(knowledge.lexicon.filter((c) => c.kind === 'modifier').map((c) => c.id)),
    alwaysCurrent: new Set(knowledge.triage.alwaysCurrent),
  };
  const background = new Set(knowledge.triage.background);
  const recentHistory = new Set(knowledge.triage.recentHistory);
  const resolvedStillCounts = new Set(knowledge.triage.resolvedStillCounts);
  const name = (id: string) => lexicon.concepts.get(id)?.name ?? id;
  const kinds = (id: string) => lexicon.concepts.get(id)?.kind;
  const advice = (level: Level) =>
    knowledge.triage.levels[level]!.advice.replaceAll('{{emergency_number}}', options.emergencyNumber).trim();

  function assess(input: TriageInput, previous?: TriageState | null): TriageResult {
    const analysis = analyzeText(input.text, lexicon, compositionRules);
    // What this message says about the person, over what earlier turns said (a later age settles a "baby").
    const fresh = extractContext(input.text);
    const ctx: TriageResult['context'] = {
      ...(previous?.context ?? {}),
      ...stripUndefined(fresh),
      vitals: { ...(previous?.context?.vitals ?? {}), ...fresh.vitals },
      locations: [],
    } as TriageResult['context'];
    if (fresh.ageMonths !== undefined) ctx.infantAgeUnknown = false;
    if (input.age !== undefined) {
      ctx.ageYears = input.age;
      ctx.ageMonths ??= input.age * 12;
    }
    if (input.sex) ctx.sex = input.sex;
    if (input.pregnant !== undefined) ctx.pregnant = input.pregnant;

    // One finding per concept: a current mention wins over a negated one in the same message (safety first).
    const current = new Map<string, Finding>();
    for (const m of analysis.mentions) {
      // Some history is the point: "I had a knee operation 2 weeks ago" (triage.yaml, recentHistory).
      const present =
        m.context === 'current' ||
        (m.context === 'past' && recentHistory.has(m.concept)) ||
        // A stroke sign that has passed is still an emergency (a TIA): triage.yaml, resolvedStillCounts.
        (m.context === 'resolved' && resolvedStillCounts.has(m.concept));
      const f: Finding = { concept: m.concept, name: name(m.concept), present, text: m.text, context: m.context };
      const before = current.get(m.concept);
      if (!before || (!before.present && f.present)) current.set(m.concept, f);
    }
    // Earlier turns: present findings stay present ("actually it's not that bad" is not new evidence).
    const merged = new Map<string, Finding>();
    for (const f of previous?.findings ?? []) merged.set(f.concept, f);
    for (const f of current.values()) {
      const before = merged.get(f.concept);
      if (!before || !before.present || f.present) merged.set(f.concept, f);
    }
    // A specific concept entails the general ones ("fever in a baby" is a fever), with the same evidence.
    for (const f of [...merged.values()]) {
      for (const implied of lexicon.concepts.get(f.concept)?.implies ?? []) {
        const existing = merged.get(implied);
        if (!existing || (!existing.present && f.present)) merged.set(implied, { ...f, concept: implied, name: name(implied) });
      }
    }
    const findings = [...merged.values()];
    const present = new Set(findings.filter((f) => f.present).map((f) => f.concept));
    if (ctx.pregnant) present.add('pregnancy');
    // Facts read by the extractors count only if the words were not negated ("it didn't come on suddenly").
    const denied = (c: string) => findings.some((f) => f.concept === c && f.context === 'negated');
    if (ctx.severity !== undefined && ctx.severity >= 8 && !denied('severe_pain')) present.add('severe_pain');
    if (ctx.onset === 'sudden' && !denied('sudden_onset')) present.add('sudden_onset');
    if (ctx.trend === 'worse' && !denied('worsening')) present.add('worsening');
    // Facts read from numbers become findings too, with the numbers as their evidence.
    const derive = (concept: string, text: string) => {
      if (present.has(concept)) return;
      present.add(concept);
      findings.push({ concept, name: name(concept), present: true, text, context: 'current' });
    };
    const t = ctx.vitals.temperatureC;
    if (t !== undefined && t >= 38) derive('fever', `temperature ${t}C`);
    // "a temp of 37.4" names a normal temperature, not a fever.
    if (t !== undefined && t < 38 && present.has('fever')) {
      present.delete('fever');
      const f = findings.find((x) => x.concept === 'fever');
      if (f) Object.assign(f, { present: false, context: 'negated' as const, text: `${f.text} (${t}C)` });
    }
    if (present.has('pregnancy')) ctx.pregnant = true;
    if (ctx.vitals.glucoseMmol !== undefined && ctx.vitals.glucoseMmol < 4) derive('low_blood_sugar', `blood sugar ${ctx.vitals.glucoseMmol} mmol/L`);
    // "maybe 20 tablets over the day": a count of tablets far past any packet dose is treated as an overdose.
    if (ctx.tabletCount !== undefined && ctx.tabletCount >= 12) derive('overdose', `${ctx.tabletCount} tablets`);

    const textOf = (concept: string) => findings.find((f) => f.concept === concept && f.present)?.text ?? name(concept);
    const redFlags: RedFlag[] = [];
    for (const rule of knowledge.redFlags) {
      if (!ruleMatches(rule, present, ctx)) continue;
      const used = [...rule.all, ...rule.any, ...rule.groups.flat()].filter((c, i, a) => present.has(c) && a.indexOf(c) === i);
      const evidence = used.map(textOf);
      if (rule.vitals) evidence.push(...Object.keys(rule.vitals).map((k) => `${k} ${ctx.vitals[k as keyof typeof ctx.vitals]}`));
      if (rule.ageMonths || rule.ageYears) evidence.push(ctx.ageYears !== undefined && ctx.ageYears >= 1 ? `age ${ctx.ageYears} years` : `age ${Math.round((ctx.ageMonths ?? 0) * 10) / 10} months`);
      redFlags.push({ id: rule.id, label: rule.label, level: rule.level, evidence, source: rule.source });
    }

    // NEWS2 is an adult score (16 and over); for children the paediatric rules apply instead.
    const adult = ctx.ageYears === undefined ? ctx.subject !== 'child' && !ctx.infantAgeUnknown : ctx.ageYears >= 16;
    if (adult) {
      const news2 = computeNews2(ctx.vitals, present.has('confusion') || present.has('unresponsive'));
      if (news2) {
        ctx.news2 = news2;
        const level: Level | null = news2.band === 'high' ? 'emergency_ambulance' : news2.band === 'medium' || news2.band === 'low-medium' ? 'emergency' : null;
        if (level) {
          redFlags.push({
            id: `news2_${news2.band.replace('-', '_')}`,
            label: `NEWS2 ${news2.score} (${news2.band}${news2.partial ? ', from the signs given' : ''})`,
            level,
            evidence: news2.parameters,
            source: { name: 'Royal College of Physicians - National Early Warning Score (NEWS) 2', url: 'https://www.rcp.ac.uk/improving-care/resources/national-early-warning-score-news-2/' },
          });
        }
      }
    }
    redFlags.sort((a, b) => levelRank(b.level) - levelRank(a.level));
    // Where in the body, from the lexicon's body parts of what is present ("chest", "left arm" stays "arm").
    ctx.locations = [...new Set([...present].flatMap((c) => lexicon.concepts.get(c)?.body_parts ?? []))];

    const symptoms = [...present].filter((c) => kinds(c) !== 'modifier' && kinds(c) !== 'risk_factor' && !background.has(c));
    let base: Level;
    let reason: string;
    // Denials alone do not make a message safe: it may describe something the lexicon does not know.
    if (!symptoms.length) {
      base = analysis.informational ? 'self_care' : 'consultation';
      reason = analysis.informational
        ? 'a question about a topic, with no symptoms reported'
        : 'no symptoms recognised; a clinician should look at it';
    } else {
      const fit = knowledge.triage.selfCare.find(
        (p) => p.anchors.some((c) => present.has(c)) && symptoms.every((c) => p.anchors.includes(c) || p.concepts.includes(c)) &&
          (p.maxDurationDays === undefined || ctx.durationDays === undefined || ctx.durationDays <= p.maxDurationDays) &&
          (p.minAgeMonths === undefined || (ctx.ageMonths !== undefined ? ctx.ageMonths >= p.minAgeMonths : !ctx.infantAgeUnknown || p.minAgeMonths <= 1)) &&
          (p.maxAgeMonths === undefined || (ctx.ageMonths !== undefined && ctx.ageMonths <= p.maxAgeMonths)) &&
          (p.sex === undefined || ctx.sex === p.sex),
      );
      base = fit ? 'self_care' : 'consultation';
      reason = fit ? `fits the self-care pattern "${fit.label}"` : 'symptoms that do not fit a self-care pattern';
    }
    let level = redFlags.reduce<Level>((l, f) => maxLevel(l, f.level), base);
    if (redFlags.length) reason = `red flag: ${redFlags[0].label}`;
    // An emergency level never drops without new evidence; lower levels are recomputed from all findings so a
    // detail given later (the baby's age) can settle a question.
    if (previous?.level && isEmergent(previous.level) && levelRank(previous.level) > levelRank(level)) {
      level = previous.level;
      reason = `kept from earlier in the conversation (${previous.level})`;
    }

    const known = new Set(findings.map((f) => f.concept));
    const followUpQuestions: string[] = [];
    if (!isEmergent(level)) {
      if (ctx.infantAgeUnknown && present.has('fever')) followUpQuestions.push('How old is the baby, in weeks or months?');
      for (const f of knowledge.triage.followUps) {
        if (!present.has(f.when)) continue;
        for (const q of f.ask) {
          if (followUpQuestions.length >= 2) break;
          if (!known.has(q.concept) && !present.has(q.concept) && !followUpQuestions.includes(q.question)) followUpQuestions.push(q.question);
        }
      }
    }

    return {
      level,
      label: knowledge.triage.levels[level]!.label,
      emergency: isEmergent(level),
      redFlags,
      findings,
      followUpQuestions: followUpQuestions.slice(0, 2),
      advice: advice(level),
      informational: analysis.informational && !symptoms.length,
      context: ctx,
      reason,
    };
  }

  return { assess, lexicon };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** What to remember for the next turn. */
export function toState(result: TriageResult): TriageState {
  const { news2: _news2, locations: _locations, ...context } = result.context;
  return { findings: result.findings, level: result.level, context };
}
