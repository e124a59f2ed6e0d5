import type { Token } from './tokenize';

/**
 * Whose finding is it? The person a message is about is "the patient" (a parent writing about their son makes
 * the son the patient); someone else mentioned along the way is "other" ("my husband had the same bug"), and a
 * relative's illness under a family-history trigger is "family". Decided per finding from the nearest person
 * mentioned before it (in its sentence, else the sentence before), with he/she resolved to the last relative of
 * that sex, or to the patient in a clinician's note ("He denies chest pain").
 */
export type Experiencer = 'patient' | 'other' | 'family';

const RELATIONS: Record<string, 'f' | 'm' | 'u'> = {
  son: 'm', daughter: 'f', baby: 'u', child: 'u', kid: 'u', boy: 'm', girl: 'f', toddler: 'u', infant: 'u', newborn: 'u',
  husband: 'm', wife: 'f', partner: 'u', mum: 'f', mom: 'f', mother: 'f', mummy: 'f', mommy: 'f', dad: 'm', father: 'm',
  daddy: 'm', brother: 'm', sister: 'f', friend: 'u', mate: 'u', gran: 'f', granny: 'f', grandma: 'f', nan: 'f',
  nana: 'f', grandad: 'm', granddad: 'm', grandpa: 'm', grandmother: 'f', grandfather: 'm', neighbour: 'u', neighbor: 'u',
  colleague: 'u', flatmate: 'u', roommate: 'u', boyfriend: 'm', girlfriend: 'f', uncle: 'm', aunt: 'f', auntie: 'f',
  niece: 'f', nephew: 'm', cousin: 'u', grandson: 'm', granddaughter: 'f', stepson: 'm', stepdaughter: 'f',
  fiance: 'u', fiancee: 'f', twin: 'u', twins: 'u', teenager: 'u', teen: 'u', sons: 'm', daughters: 'f', kids: 'u',
  children: 'u', parents: 'u', parent: 'u', family: 'u', classmate: 'u', teacher: 'u', coworker: 'u', boss: 'u',
  housemate: 'u', client: 'u', clients: 'u', carer: 'u', wives: 'f', husbands: 'm', stepmum: 'f', stepdad: 'm',
};
/** Groups someone caught something from: never the patient ("the whole nursery has it", "a bug going round work"). */
const GROUPS = new Set(['nursery', 'classmates', 'colleagues', 'workplace', 'household']);
const POSSESSIVES = new Set(['my', 'our', 'his', 'her', 'their', 'your']);
const FIRST = new Set(['i', 'me', 'my', 'myself', 'mine']);
const CLINICAL_PATIENT = new Set(['patient', 'pt', 'pts', 'patients', 'client', 'resident', 'casualty', 'child', 'infant', 'baby', 'man', 'woman', 'male', 'female', 'boy', 'girl', 'gentleman', 'lady']);

const REPORTING = new Set(['reports', 'reported', 'complains', 'complaining', 'c/o', 'denies', 'denied', 'presents', 'presented', 'states', 'describes', 'admits', 'endorses', 'notes', 'pt', 'o/e']);

type Person = { key: string; sex: 'f' | 'm' | 'u' };
/** `ownedBy`: the pronoun that owns the relative ("his partner"): that pronoun does not point to the relative next. */
type Ref = { at: number; person: Person | 'he' | 'she'; direct?: boolean; ownedBy?: 'he' | 'she' };

/**
 * Verbs of telling or noticing: a relative followed by one reports what someone else has. Not "feels" or "worries":
 * "my husband feels dizzy" is the husband's own state.
 */
const RELATIVE_REPORTS = new Set(['says', 'said', 'thinks', 'thought', 'noticed', 'notices', 'reckons', 'reports', 'reported', 'told', 'tells', 'saw', 'sees', 'spotted', 'noted', 'note', 'notes', 'mentioned', 'mentions', 'insists', 'states', 'stated', 'explains', 'explained', 'describes', 'described', 'adds', 'added']);
const COMPANION_BEFORE = new Set(['by', 'with']);
/** Nouns after which a relation word only describes them: "a family funeral", "the family doctor". */
const NOT_A_PERSON_AFTER = new Set(['funeral', 'doctor', 'gp', 'history', 'party', 'home', 'holiday', 'meal', 'member', 'members', 'car', 'house', 'business', 'wedding', 'gathering', 'event', 'dog', 'cat', 'pet', 'tree', 'emergency', 'reasons', 'matters', 'stuff']);
/** A child named after "with" is the patient brought along ("a mother with her baby" is about the baby). */
const CHILD_RELATIONS = new Set(['son', 'daughter', 'baby', 'child', 'kid', 'boy', 'girl', 'toddler', 'infant', 'newborn', 'twins']);
const AGE_UNITS = new Set(['yr', 'yrs', 'year', 'years', 'yo', 'month', 'months', 'mth', 'mths', 'mo', 'week', 'weeks', 'wk', 'wks', 'day', 'days']);
/** "old" after an age unit ("3 yr old", "6 week old"): a person named by their age. */
const ageNamed = (tokens: Token[], j: number) => tokens[j]?.norm === 'old' && AGE_UNITS.has(tokens[j - 1]?.norm ?? '');

/** Verbs of giving birth: the baby after them ("had my baby", "delivered her son") is no second person. */
const BIRTH_VERBS = new Set(['had', 'delivered', 'delivering', 'deliver', 'birthed']);
/** Words that end the noun phrase a possessive opens: "my ankle as a kid" is the writer's ankle. */
const PHRASE_ENDS = new Set(['as', 'when', 'with', 'in', 'on', 'at', 'and', 'or', 'after', 'before', 'since', 'from', 'to', 'is', 'was', 'has', 'had', 'for', 'of', 'but', 'because', 'while']);

/** The person references in the message, in order (token positions). */
function references(tokens: Token[]): Ref[] {
  const refs: Ref[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const w = tokens[k].norm;
    if (FIRST.has(w)) {
      // "my son", "my 3 year old daughter", "my little girl": the relative, not the writer.
      // "36 weeks pregnant with my second baby": the baby is not yet born, the writer is the one with the findings.
      // "had my baby two weeks ago", "since delivering my son": the birth is the writer's own event.
      if ((w === 'my' || w === 'our') && ((tokens[k - 1]?.norm === 'with' && /^(pregnant|expecting)$/.test(tokens[k - 2]?.norm ?? '')) || BIRTH_VERBS.has(tokens[k - 1]?.norm ?? '') || (tokens[k - 1]?.norm === 'to' && tokens[k - 2]?.norm === 'birth'))) {
        refs.push({ at: k, person: { key: 'self', sex: 'u' } });
        continue;
      }
      if (w === 'my' || w === 'our') {
        let j = k + 1;
        let hops = 0;
        // ("my ankle as a kid": a preposition or verb ends the noun phrase "my" opens, before "kid".)
        while (j < tokens.length && hops < 4 && !RELATIONS[tokens[j].norm] && !ageNamed(tokens, j) && !PHRASE_ENDS.has(tokens[j].norm)) {
          j++;
          hops++;
        }
        // "my 3 yr old", "our 6 week old": a child named by age.
        if (ageNamed(tokens, j) && hops <= 3 && !/[.,;!?]/.test(tokens.slice(k, j).map((t) => t.post).join(''))) {
          refs.push({ at: k, person: { key: 'rel:child', sex: 'u' } });
          k = j;
          continue;
        }
        const rel = tokens[j]?.norm;
        // "my wife says the whites of my eyes are yellow", "Mum says just a few hives": the relative reports, the
        // finding is not theirs.
        if (rel && RELATIONS[rel] && RELATIVE_REPORTS.has(tokens[j + 1]?.norm ?? '')) {
          k = j;
          continue;
        }
        if (rel && RELATIONS[rel] && hops <= 3 && !/[.,;!?]/.test(tokens.slice(k, j).map((t) => t.post).join(''))) {
          refs.push({ at: k, person: { key: `rel:${rel.replace(/s$/, '')}`, sex: RELATIONS[rel] }, direct: true });
          k = j;
          continue;
        }
        // "my chest", "my arm": the writer.
      }
      refs.push({ at: k, person: { key: 'self', sex: 'u' } });
      continue;
    }
    if (w === 'we' || w === 'us') {
      refs.push({ at: k, person: { key: 'self', sex: 'u' } });
      continue;
    }
    // "brought in by his father", "with her mum", "accompanied by the son": a companion who tells the story is not
    // whom "he" or "she" means next, nor the owner of what follows ("by his father after falling from a window").
    // ("brought in by her son": whoever brings the patient "by" is a companion, a grown-up son as much as a husband.)
    if (COMPANION_BEFORE.has(tokens[k - 1]?.norm ?? '') && (POSSESSIVES.has(w) || w === 'the' || w === 'a') && w !== 'my' && w !== 'our' && RELATIONS[tokens[k + 1]?.norm ?? ''] && (tokens[k - 1].norm === 'by' || !CHILD_RELATIONS.has(tokens[k + 1].norm))) {
      k++;
      continue;
    }
    if (COMPANION_BEFORE.has(tokens[k - 1]?.norm ?? '') && RELATIONS[w] && (tokens[k - 1].norm === 'by' || !CHILD_RELATIONS.has(w))) continue;
    if (POSSESSIVES.has(w) && RELATIONS[tokens[k + 1]?.norm ?? '']) {
      const rel = tokens[k + 1].norm;
      const ownedBy = w === 'his' ? 'he' : w === 'her' ? 'she' : undefined;
      refs.push({ at: k, person: { key: `rel:${rel.replace(/s$/, '')}`, sex: RELATIONS[rel] }, ...(ownedBy ? { ownedBy } : {}) });
      k++;
      continue;
    }
    // "Mum: He's 18 months", "Flatmate: he's been in bed all day": a speaker's label, not the person "he" means next.
    if (RELATIONS[w] && (k === 0 || tokens[k - 1].sentence !== tokens[k].sentence) && /^\s*:/.test(tokens[k].post)) continue;
    // "a family funeral", "the family doctor": a relation word describing something else is no person.
    if (RELATIONS[w] && NOT_A_PERSON_AFTER.has(tokens[k + 1]?.norm ?? '')) continue;
    // A relative named without "my": "Flatmate COVID +ve", "son's friend has impetigo", "one of the clients".
    if (RELATIONS[w] && RELATIVE_REPORTS.has(tokens[k + 1]?.norm ?? '')) continue;
    if (RELATIONS[w] && (k === 0 || tokens[k - 1].sentence !== tokens[k].sentence || RELATIONS[tokens[k - 1].norm] || ['a', 'the', 'of', 'her', 'his', 'their'].includes(tokens[k - 1].norm))) {
      refs.push({ at: k, person: { key: `rel:${w.replace(/s$/, '')}`, sex: RELATIONS[w] } });
      continue;
    }
    if (GROUPS.has(w)) {
      refs.push({ at: k, person: { key: 'group', sex: 'u' } });
      continue;
    }
    if ((w === 'the' || w === 'a' || w === 'this') && CLINICAL_PATIENT.has(tokens[k + 1]?.norm ?? '') && !RELATIONS[tokens[k + 1]?.norm ?? '']) {
      refs.push({ at: k, person: { key: 'patient', sex: 'u' } });
      continue;
    }
    if (w === 'patient' || w === 'pt') {
      refs.push({ at: k, person: { key: 'patient', sex: 'u' } });
      continue;
    }
    // "A 45-year-old man", "72F", "a 6 week old baby": the patient of a vignette or a triage note.
    if (/^\d/.test(w) && (tokens[k + 1]?.norm === 'year' || tokens[k + 1]?.norm === 'month' || tokens[k + 1]?.norm === 'week' || tokens[k + 1]?.norm === 'yo')) {
      const last = refs.at(-1);
      if (!last || last.at < k - 3) refs.push({ at: k, person: { key: 'patient', sex: 'u' } });
      continue;
    }
    // A clinical note's sentence with no subject is about the patient: "Reports burning on urination", "C/o cough".
    const sentenceStart = k === 0 || tokens[k - 1].sentence !== tokens[k].sentence;
    if (sentenceStart && REPORTING.has(w)) {
      refs.push({ at: k, person: { key: 'patient', sex: 'u' } });
      continue;
    }
    if (w === 'he' || w === 'him' || w === 'his' || w === 'himself') refs.push({ at: k, person: 'he' });
    else if (w === 'she' || w === 'her' || w === 'hers' || w === 'herself') refs.push({ at: k, person: 'she' });
  }
  return refs;
}

export type ExperiencerModel = {
  /** The person a finding at token position `at` belongs to. */
  personAt(at: number): string;
  /** The person a finding spanning `start` to `end` belongs to: one named inside it ("an egg on his forehead") first. */
  personOf(start: number, end: number): string;
  /**
   * Who the message is about: the person with the most current findings; on a tie, the writer (or the
   * vignette's patient), then a relative the writer names ("my son"), then the first. A writer asking whether
   * they could catch it ("can I catch it?", "should I get tested?") is the subject.
   */
  subjectOf(findings: { at: number; end?: number; current: boolean }[]): string;
};
const EXPOSURE = /\b(can|could|will|would|should|am) i (catch|get it|get tested|be tested|be infected|have caught|pass it|get them|get this|get shingles|get the)|\b(am i|i am) (at risk|contagious|infectious)|\b(will i|i will) (get|inherit|catch)|\b(catch|caught) (it|them|this) (from|off)|\b(if|when) i (start|get|develop|catch|become)\b/;

/** Builds the person model of one message (token positions are message-wide). */
export function experiencerModel(tokens: Token[]): ExperiencerModel {
  const refs = references(tokens);
  // Resolve he/she to the most recent relative of that sex, or to the vignette's patient.
  const resolved: { at: number; key: string }[] = [];
  let lastMale: string | null = null;
  let lastFemale: string | null = null;
  // A story about a patient ("A 44-year-old man ...", "the patient"): its he/she are the patient unless a relative of
  // known sex is named.
  const resolvedPatient = refs.some((r) => typeof r.person !== 'string' && r.person.key === 'patient');
  for (const r of refs) {
    let key: string;
    if (r.person === 'he') key = lastMale ?? 'patient';
    else if (r.person === 'she') key = lastFemale ?? 'patient';
    else {
      key = r.person.key;
      if (r.person.sex === 'm' || r.person.sex === 'u') lastMale = r.person.sex === 'm' ? key : lastMale;
      if (r.person.sex === 'f' || r.person.sex === 'u') lastFemale = r.person.sex === 'f' ? key : lastFemale;
      // A relative of unknown sex ("my baby", "my partner") is who he/she most likely means when no relative of
      // known sex is named.
      // (Never the writer: "he called me by his brother's name ... on his legs" is the patient's legs; nor, for "he", the
      // relative "his" owns: "his partner hears a noise when he breathes in" is the man breathing.)
      // Only the writer's own relative ("my partner", "my baby") stands in for "he"/"she"; in a story about a patient
      // ("tells the practice nurse he has decided ...") "he" stays the patient.
      if (r.person.sex === 'u' && key !== 'self' && (r.direct || !resolvedPatient)) {
        if (!lastMale?.startsWith('rel:') && r.ownedBy !== 'he') lastMale = key;
        if (!lastFemale?.startsWith('rel:') && r.ownedBy !== 'she') lastFemale = key;
      }
    }
    resolved.push({ at: r.at, key });
  }
  // A person named in one clause does not carry into the next unless pointed back to: in "caught it off my
  // nephew, feel rough with a fever" the fever is the writer's (the subject's), not the nephew's.
  const clauseOf: number[] = [];
  let clause = 0;
  tokens.forEach((t, i) => {
    clauseOf.push(clause);
    const next = tokens[i + 1];
    if (/[.!?;,\n]/.test(t.post) || (next && (next.norm === 'and' || next.norm === 'but' || next.norm === 'so' || next.norm === 'now'))) clause++;
  });
  const personAt = (at: number) => {
    let key: string | null = null;
    let from = -1;
    for (const r of resolved) {
      if (r.at > at) break;
      key = r.key;
      from = r.at;
    }
    if (key === null) return 'subject';
    // A relative's clause ends at the clause boundary; "I"/"my" and the vignette's patient carry on.
    if (key.startsWith('rel:') || key === 'group') return clauseOf[from] === clauseOf[at] ? key : 'subject';
    return key;
  };
  const personOf = (start: number, end: number) => {
    let inside: string | null = null;
    for (const r of resolved) if (r.at >= start && r.at < end) inside = r.key;
    return inside ?? personAt(start);
  };
  return {
    personAt,
    personOf,
    subjectOf(findings) {
      if (EXPOSURE.test(tokens.map((t) => t.norm).join(' '))) return 'self';
      // Findings with no person of their own go with whoever the message names first ("my son ... fever since
      // yesterday"), else the writer.
      const firstNamed = resolved.find((r) => r.key !== 'group')?.key ?? 'self';
      const current = findings.filter((f) => f.current);
      if (!current.length) {
        const first = findings[0] ? personOf(findings[0].at, findings[0].end ?? findings[0].at + 1) : firstNamed;
        return first === 'group' || first === 'subject' ? firstNamed : first;
      }
      const count = new Map<string, { n: number; first: number }>();
      for (const f of current) {
        let key = personOf(f.at, f.end ?? f.at + 1);
        if (key === 'subject') key = firstNamed;
        if (key === 'patient') key = 'self';
        if (key === 'group') continue;
        const c = count.get(key) ?? { n: 0, first: f.at };
        c.n++;
        count.set(key, c);
      }
      if (!count.size) return 'self';
      // On a tie: the writer, then the writer's own relative ("my son"), then someone else's ("my son's girlfriend").
      const direct = new Set(refs.filter((r) => r.direct && typeof r.person !== 'string').map((r) => (r.person as Person).key));
      const rank = (k: string) => (k === 'self' ? 0 : direct.has(k) ? 1 : k.startsWith('rel:') ? 2 : 3);
      return [...count.entries()].sort((a, b) => b[1].n - a[1].n || rank(a[0]) - rank(b[0]) || a[1].first - b[1].first)[0][0];
    },
  };
}

/** "patient" and "self" are the same person in the only conversations where both appear (a nurse's note). */
export function samePerson(a: string, b: string): boolean {
  if (a === b || a === 'subject' || b === 'subject') return true;
  const patientLike = (k: string) => k === 'self' || k === 'patient';
  return patientLike(a) && patientLike(b);
}
