import type { DoseLimit, RedFlagRule } from '../knowledge/schema';
import type { Analysis, Language } from '../language';
import { createDoseCheck } from './dose-check';

/**
 * The content checks every answer (model or offline) and every document a clinic imports go through, as named rules
 * with the words that broke them. Pure apart from the language layer, which reads the red-flag topics.
 */
export type ViolationId = 'dose_above_max' | 'dismissive_red_flag' | 'instruction_to_assistant' | 'unsafe_link';
export type Violation = { id: ViolationId; reason: string; evidence: string };

export type ContentChecker = { check(text: string): Violation[] };

/** Text that speaks to the assistant rather than to a reader: a prompt injection in a document or a reply. */
export const INSTRUCTION_PATTERNS: { name: string; re: RegExp }[] = [
  { name: 'ignore previous instructions', re: /\b(?:ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(?:previous|prior|above|earlier|all|any|your|the|these|those|system)\b[^.\n]{0,25}\b(?:instructions?|prompts?|rules|guidelines|directions|messages|guardrails)\b/i },
  { name: 'a new role for the assistant', re: /\b(?:you are now|from now on,? you are|you're now|act as an? (?:unrestricted|different|new)|pretend (?:to be|you are) an?|you are no longer)\b/i },
  { name: 'system prompt or developer mode', re: /\b(?:system prompt|system message|developer mode|jailbreak|DAN mode)\b/i },
  { name: 'orders addressed to the assistant', re: /\b(?:assistant|chatbot|ai|a\.i\.|language model|llm|careline|model)\s*[:,]\s*(?:always|never|say|tell|cite|ignore|answer|respond|reply|output|recommend|state)\b/i },
  { name: 'a note for the AI', re: /\b(?:instructions?|notes?|message) (?:for|to) (?:the |any )?(?:ai|assistant|chatbot|model|llm|language model|bot)\b/i },
  { name: 'a role tag', re: /<\s*\/?\s*(?:system|assistant|instructions?|prompt)\s*>|\[\s*\/?\s*(?:system|inst)\s*\]|<\|(?:im_start|im_end|system)\|>/i },
  { name: 'hide this from the reader', re: /\b(?:do not|don't|never) (?:tell|mention|reveal|show|disclose) (?:this|these|it|that) (?:to )?(?:the )?(?:user|patient|reader|person)s?\b/i },
  { name: 'what to say when asked', re: /\bwhen (?:the |a )?(?:user|patient|someone|anyone) asks\b[^.\n]{0,60}\b(?:say|tell|answer|respond|reply)\b/i },
];

/** "No need to see a doctor" and its kin; an exception after it ("unless ...") is safety advice, not dismissal. */
const DISMISSIVE =
  /\b(?:no need (?:to (?:see|call|go|visit|contact|seek|get|worry|ring|phone)|for (?:a doctor|medical|an ambulance|urgent))|(?:do not|don't|doesn't|does not|never|won't|will not) (?:need|have) to (?:see|call|go|visit|contact|seek|ring|phone|worry)|(?:do not|don't|doesn't|does not|won't|will not) need (?:a doctor|medical|to be seen|an ambulance|urgent|a gp|treatment)|nothing to worry about|not (?:a |any )?(?:cause for concern|reason to worry)|can (?:safely )?be ignored|just wait (?:it out|and see))\b/i;
const EXCEPTION = /\b(?:unless|except|apart from|but (?:if|do|see|call|get|go)|until|as long as)\b/i;

/** A link whose scheme is not http(s): Markdown, an autolink, an HTML attribute, or a bare dangerous scheme. */
const LINK_SCHEMES = [
  /\]\(\s*<?\s*([a-z][a-z0-9+.-]*):/gi,
  /<\s*([a-z][a-z0-9+.-]*):[^>\s]*>/gi,
  /\b(?:href|src|action|formaction)\s*=\s*["']?\s*([a-z][a-z0-9+.-]*):/gi,
  /\b(javascript|vbscript|data|file)\s*:/gi,
];

/**
 * The concepts that alone make an emergency red-flag rule: a topic where "no need to see a doctor" is never safe to
 * say. A concept that only counts together with others (mouth ulcers with a blistering rash and a fever) is not.
 */
export function redFlagConceptsOf(rules: RedFlagRule[]): Set<string> {
  const out = new Set<string>();
  for (const r of rules) {
    if (r.level !== 'emergency' && r.level !== 'emergency_ambulance') continue;
    if (r.groups.length || r.all.length > 1 || (r.all.length && r.any.length)) {
      // A combination: only its required concept, when there is exactly one, names the emergency by itself.
      if (r.all.length === 1 && !r.groups.length && !r.any.length) out.add(r.all[0]);
      continue;
    }
    for (const c of [...r.all, ...r.any]) out.add(c);
  }
  return out;
}

export function createContentChecker(deps: { language: Language; redFlagConcepts: Set<string>; doseLimits: DoseLimit[] }): ContentChecker {
  const dosesAboveMax = createDoseCheck(deps.doseLimits);

  function check(text: string): Violation[] {
    const out: Violation[] = [];
    for (const p of INSTRUCTION_PATTERNS) {
      const m = p.re.exec(text);
      if (m) out.push({ id: 'instruction_to_assistant', reason: `speaks to the assistant (${p.name})`, evidence: m[0] });
    }
    for (const re of LINK_SCHEMES) {
      for (const m of text.matchAll(re)) {
        if (/^https?$/i.test(m[1])) continue;
        out.push({ id: 'unsafe_link', reason: `a link that is not http(s) (${m[1].toLowerCase()}:)`, evidence: m[0] });
      }
    }
    // The whole reading (findings, ConText) only for a text with a dismissive sentence: the sentences alone are the
    // tokenizer's, the same as the reading's, and most replies have no such sentence (the reading was the larger
    // part of the CPU of an offline turn).
    let analysis: Analysis | undefined;
    for (const s of deps.language.sentences(text)) {
      for (const d of dosesAboveMax(s.text)) {
        out.push({ id: 'dose_above_max', reason: `${d.medicine}: ${d.evidence} is above the maximum of ${d.limitMg} mg a ${d.per === 'dose' ? 'dose' : 'day'}`, evidence: s.text });
      }
      const dismissive = DISMISSIVE.exec(s.text);
      if (!dismissive || EXCEPTION.test(s.text.slice(dismissive.index + dismissive[0].length))) continue;
      // The topic is what this sentence, the one before it or the first one (a title) speaks of.
      const near = new Set([s.index, s.index - 1, 0]);
      analysis ??= deps.language.analyze(text);
      const flags = analysis.mentions.filter((m) => near.has(m.sentence) && !m.context.negated && deps.redFlagConcepts.has(m.concept));
      if (flags.length) out.push({ id: 'dismissive_red_flag', reason: `says "${dismissive[0]}" about a red-flag symptom (${[...new Set(flags.map((f) => f.text.toLowerCase()))].join(', ')})`, evidence: s.text });
    }
    return dedupe(out);
  }

  return { check };
}

function dedupe(v: Violation[]): Violation[] {
  const seen = new Set<string>();
  const key = (x: Violation) => (x.id === 'dismissive_red_flag' || x.id === 'dose_above_max' ? `${x.id}|${x.evidence}` : `${x.id}|${x.reason}`);
  return v.filter((x) => (seen.has(key(x)) ? false : (seen.add(key(x)), true)));
}
