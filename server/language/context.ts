import type { ContextCategory, ContextRule, ContextRules } from './context-rules';
import type { Token } from './tokenize';

/** A trigger found in a sentence, with the token range it covers and the stretch of text it governs. */
export type Modifier = {
  rule: ContextRule;
  start: number;
  end: number;
  text: string;
  scope: { start: number; end: number } | null;
};

/** What ConText decided for one finding, and which trigger decided each category. */
export type ContextResult = {
  negated: boolean;
  possible: boolean;
  hypothetical: boolean;
  historical: boolean;
  /** Gone now, but was there ("the weakness has gone"): negated and historical at once. */
  resolved: boolean;
  family: boolean;
  triggers: { category: ContextCategory; text: string; source: ContextRule['source'] }[];
};

export type TargetSpan = { start: number; end: number };

// Words after a comma (or "and"/"or") that start a new statement, ending a trigger's scope: "I don't have a
// rash, my neck is stiff", "denies fever, has had vomiting". A list of findings goes on ("no fever, rash or ...").
const NEW_STATEMENT = new Set([
  'i', 'my', 'me', 'he', 'she', 'his', 'her', 'it', 'its', 'they', 'their', 'we', 'our', 'you', 'your', 'this', 'that',
  'there', 'now', 'then', 'today', 'tonight', 'yesterday', 'currently', 'also', 'plus', 'has', 'have', 'had', 'is', 'are',
  'was', 'were', 'am', 'keeps', 'kept', 'started', 'starting', 'stopped', 'went', 'came', 'turned', 'became', 'settled', 'eased', 'feels', 'felt', 'got', 'gets', 'getting', 'can', 'could',
  'will', 'would', 'does', 'did', 'do', 'reports', 'complains', 'says', 'said', 'presents', 'noted', 'found', 'seems',
  'looks', 'been', 'being', 'which', 'who', 'so', 'because', 'since', 'when', 'while', 'after', 'before', 'pt', 'patient',
  'mum', 'mom', 'dad', 'son', 'daughter', 'baby', 'husband', 'wife', 'partner', 'the', 'something', 'someone',
  'somebody', 'anything', 'everything', 'nothing',
  // An intensifier opens an assertion, not another denied item: "not shivering, really drowsy and mumbling".
  'really', 'very', 'quite', 'extremely', 'incredibly', 'super', 'terribly', 'awfully', 'still', 'just', 'only', 'but',
]);
/** Words that open a relative clause: a date after them dates that clause only. */
const RELATIVE_PRONOUNS = new Set(['who', 'which', 'whom', 'whose']);
/** Words that put a sentence back in the present after a dated clause. */
const NOW_WORDS = new Set(['has', 'have', 'is', 'are', 'am', 'feels', 'now', 'today', 'currently', 'presently', 'presents', 'presenting', 'reports', 'complains']);
/** Words a negated list may carry between its items: "no fever, rash or any stiff neck". */
const LIST_GLUE = new Set(['or', 'and', 'nor', 'any', 'a', 'an', 'signs', 'sign', 'of', 'obvious', 'new', 'other', 'also', 'significant', 'recent', 'history', 'symptoms', 'the', 'with', 'associated', 'as', 'well', 'real', 'bad', 'severe', 'mild', 'sudden']);

function softBreakAfter(t: Token): boolean {
  return /[,;:(]|\s-\s|—/.test(t.post) && !/^\s*:\s*$/.test(t.post);
}

/** Words that only point back to the finding before them: "..., it's gone", "..., and it has settled". */
const POINTERS = new Set(['it', 'is', 'has', 'have', 'they', 'that', 'which', 'this', 'and', 'but', 'now', 'all', 'since', 'then', 'completely', 'totally', 'mostly', 'gone', 'went', 'got']);

/** Words that may stand before a resolution that ends a whole list: "..., all settled now", "..., they've all gone". */
const LIST_POINTERS = new Set(['all', 'now', 'they', 'theyve', 'have', 'both', 'these', 'those', 'everything', 'symptoms', 'and', 'since', 'then', 'completely', 'totally', 'which', 'has', 'had']);

/**
 * Is the stretch after a comma (up to the next comma or the end) another item of a list: a finding with at most two
 * other words (or joined by "or"), and no number? "..., rash or stiff neck" is; "..., sudden severe abdo pain 3h"
 * is not.
 */
// (And an item said to be fine: "no fever, feeding fine", "no cough, breathing normally".)
const STATEMENT_WORDS = new Set(['vomited', 'threw', 'puked', 'fainted', 'collapsed', 'fell', 'bled', 'coughed', 'seized', 'fitted', 'blacked', 'hit', 'banged', 'passed', 'once', 'twice', 'thrice', 'mild', 'mildly', 'slight', 'slightly', 'moderate', 'fine', 'ok', 'okay', 'normal', 'normally', 'well', 'good', 'happy']);

function listItemAfter(tokens: Token[], k: number, inTarget: (i: number) => boolean, base: number, needOr = false, numbersAllowed = false): boolean {
  let targets = 0;
  let other = 0;
  let coordinated = false;
  let statement = false;
  for (let j = k; j < tokens.length; j++) {
    const t = tokens[j];
    if (/\d/.test(t.norm) && !numbersAllowed) return false;
    if (STATEMENT_WORDS.has(t.norm)) statement = true;
    if (t.norm === 'or' || t.norm === 'nor') coordinated = true;
    if (inTarget(j + base)) targets++;
    else if (!LIST_GLUE.has(t.norm)) other++;
    if (/[,;:(.!?]/.test(t.post) || j === tokens.length - 1) break;
  }
  // "..., jaw pain on chewing or visual disturbance": an "or" shows the list goes on, whatever the items hold.
  // Without one, "no LOC, vomited once, mild headache": an item told by a past-tense event verb, a count, a severity or
  // as fine ("no fever, feeding fine") is a statement of what happened, not one more noun of the denial.
  return targets > 0 && (coordinated || (!needOr && !statement && other <= 2));
}

/**
 * "denies ear pain, discharge, dizziness, or sudden onset": an item that names nothing the vocabulary knows (one to
 * three plain words, "bowel/bladder changes"; no number, no statement) is still an item of the list when the item after it is a finding and an
 * "or" closes the list before the sentence ends. Without this the list stopped at the unknown word and everything
 * after it was read as present.
 */
function bareListItem(tokens: Token[], k: number, inTarget: (i: number) => boolean, base: number): boolean {
  let words = 0;
  let j = k;
  for (; j < tokens.length; j++) {
    const t = tokens[j];
    if (/\d/.test(t.norm) || STATEMENT_WORDS.has(t.norm) || inTarget(j + base)) return false;
    if (!LIST_GLUE.has(t.norm)) words++;
    if (/[,;:(.!?]/.test(t.post) || j === tokens.length - 1) break;
  }
  if (words === 0 || words > 3 || !/^\s*,/.test(tokens[j]?.post ?? '')) return false;
  return listItemAfter(tokens, j + 1, inTarget, base) && orClosesList(tokens, j + 1);
}

/** The "not" of a verb ("doesn't want to", "won't", "cannot"), as against a list's head ("no", "denies", "without"). */
const VERB_NOT = /^(?:not|does not|do not|did not|will not|would not|is not|was not|cannot|can not|could not)$/;
/** A denial of a verb (not of a noun, as "no" is): a verb's "not", and "never", "hasn't", "has not". */
const deniesVerb = (trigger: string) => VERB_NOT.test(trigger) || /^(?:never|has not|have not|had not|hasnt|havent|hadnt|didnt|doesnt|dont|isnt|wasnt)$/.test(trigger);

/** Does an "or" or "nor" come before the sentence ends: "..., shortness of breath, or confusion". */
function orClosesList(tokens: Token[], k: number): boolean {
  for (let m = k; m < tokens.length; m++) {
    if (tokens[m].norm === 'or' || tokens[m].norm === 'nor') return true;
    if (/[.!?;\n]/.test(tokens[m].post)) break;
  }
  return false;
}

/**
 * Is there a clause boundary between token k and k+1? A hypothetical goes on across "and I": "if it gets worse
 * and I start vomiting" is one condition.
 */
function boundaryAfter(tokens: Token[], k: number, category?: string | null, stopAtComma?: boolean, verbDenied = false): boolean {
  const t = tokens[k];
  const next = tokens[k + 1];
  if (!next) return true;
  if (/[.!?;\n]/.test(t.post)) return true;
  if (stopAtComma && (softBreakAfter(t) || /\s[-–]\s|:/.test(t.post))) return true;
  if (softBreakAfter(t) && NEW_STATEMENT.has(next.norm)) return true;
  // A denied verb goes on through "or" to a second verb of the same kind: "never fainted or had chest pain", "hasn't
  // passed out or got any chest pain" (but "no fever and has had vomiting" is a new statement).
  const after = tokens[k + 2]?.norm ?? '';
  if (verbDenied && next.norm === 'or' && PARALLEL_VERBS.has(after)) return false;
  if (category !== 'hypothetical' && (next.norm === 'and' || next.norm === 'or') && NEW_STATEMENT.has(after) && after !== 'the') return true;
  return false;
}
/** Verbs that a denial before "or" carries on to: "never fainted or had ...", "didn't pass out or have ...". */
const PARALLEL_VERBS = new Set(['had', 'have', 'got', 'felt', 'noticed', 'seen', 'been']);

/**
 * Finds the triggers of one sentence: every rule's token sequences (and regexes), longest match first, so
 * "no increase" (a pseudo-trigger) keeps "no" from negating, and a trigger inside a finding's own words ("can't
 * breathe", "not responding") is the finding, not a trigger.
 */
export function findModifiers(tokens: Token[], index: TriggerIndex, targets: TargetSpan[]): Modifier[] {
  const words = tokens.map((t) => t.norm);
  const base = tokens[0]?.i ?? 0;
  const found: Modifier[] = [];
  for (let i = 0; i < words.length; i++) {
    for (const entry of index.byFirst.get(words[i]) ?? []) {
      const seq = entry.sequence;
      if (i + seq.length > words.length) continue;
      let ok = true;
      for (let k = 1; k < seq.length; k++) if (words[i + k] !== seq[k]) ok = false;
      // ": none" needs its colon: "fever: none" denies the fever, "I have a fever none of the tablets help" does not.
      if (ok && entry.rule.punct && !(i > 0 && [...entry.rule.punct].some((c) => tokens[i - 1].post.includes(c)))) ok = false;
      if (ok) found.push({ rule: entry.rule, start: base + i, end: base + i + seq.length, text: seq.join(' '), scope: null });
    }
  }
  if (index.regexRules.length) {
    const joined = words.join(' ');
    const spaced = ` ${joined}`;
    const starts: number[] = [];
    let pos = 0;
    for (const w of words) {
      starts.push(pos);
      pos += w.length + 1;
    }
    const tokenAt = (offset: number) => {
      let t = 0;
      while (t + 1 < starts.length && starts[t + 1] <= offset) t++;
      return t;
    };
    for (const rule of index.regexRules) {
      // A regex that starts with a word can only match where a word of the sentence starts with it: most of the 83
      // do not apply to a given sentence, and running each over it was a tenth of reading a message.
      const leads = index.regexLeads.get(rule);
      if (leads && !leads.some((l) => spaced.includes(l))) continue;
      rule.regex!.lastIndex = 0;
      for (const m of joined.matchAll(rule.regex!)) {
        const text = m[0].trim();
        if (!text) continue;
        const from = m.index! + m[0].indexOf(text);
        const s = tokenAt(from);
        const e = tokenAt(from + text.length - 1) + 1;
        found.push({ rule, start: base + s, end: base + e, text, scope: null });
      }
    }
  }
  // Inside a finding's own words, a trigger is part of the finding.
  const inTarget = (m: Modifier) => targets.some((t) => m.start < t.end && m.end > t.start);
  // Longest first; at equal length, a pseudo-trigger or terminator before a category (it exists to block one).
  const rank = (m: Modifier) => (m.rule.direction === 'pseudo' ? 2 : m.rule.direction === 'terminate' ? 1 : 0);
  found.sort((a, b) => b.end - b.start - (a.end - a.start) || rank(b) - rank(a) || a.start - b.start);
  const kept: Modifier[] = [];
  const overlaps = (a: Modifier, b: Modifier) => a.start < b.end && a.end > b.start;
  for (const m of found) {
    if (inTarget(m)) continue;
    // A trigger inside a longer one is part of it ("not" in "not sure if"); a pseudo-trigger blocks whatever it
    // overlaps; two triggers on the same words may both count when they say different things ("present" ends
    // a past scope and affirms).
    const blocked = kept.some(
      (k) =>
        overlaps(k, m) &&
        (k.rule.direction === 'pseudo' ||
          k.end - k.start > m.end - m.start ||
          (k.start === m.start && k.end === m.end && k.rule.category === m.rule.category && k.rule.direction === m.rule.direction) ||
          !(k.start === m.start && k.end === m.end)),
    );
    if (!blocked) kept.push(m);
  }
  return kept.sort((a, b) => a.start - b.start);
}

export type TriggerIndex = {
  byFirst: Map<string, { rule: ContextRule; sequence: string[] }[]>;
  regexRules: ContextRule[];
  /** For a regex rule that can only match where a word starts in a given way (see `regexLeads`), those starts. */
  regexLeads: Map<ContextRule, string[]>;
};

/** Where the group or character class opening at `from` closes, or -1. */
function closing(body: string, from: number): number {
  let depth = 0;
  for (let i = from; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') {
      while (i < body.length && body[i] !== ']') i += body[i] === '\\' ? 2 : 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The parts of a pattern between its top-level `|`s. */
function alternatives(body: string): string[] {
  const out: string[] = [];
  let from = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '\\') i++;
    else if (c === '[') {
      while (i < body.length && body[i] !== ']') i += body[i] === '\\' ? 2 : 1;
    } else if (c === '(') {
      const end = closing(body, i);
      if (end < 0) return [body];
      i = end;
    } else if (c === '|') {
      out.push(body.slice(from, i));
      from = i + 1;
    }
  }
  out.push(body.slice(from));
  return out;
}

/** The letters a pattern's every match starts with (one made optional or repeated by a quantifier left out), or null. */
function leadingLetters(pattern: string): string | null {
  let j = 0;
  while (j < pattern.length && pattern[j] >= 'a' && pattern[j] <= 'z') j++;
  if (j < pattern.length && '?*{'.includes(pattern[j])) j--;
  return j >= 1 ? pattern.slice(0, j) : null;
}

const REGEX_PREFIX = '(?:^|\\s)(?:';
const REGEX_SUFFIX = ')(?=\\s|$)';
/**
 * The word starts one of which every match of a trigger regex begins with, right after the start of the sentence or
 * a space: its own leading letters ("cannot\\sexclude": "cannot"), or those of each alternative of a leading group
 * ("(is|was) negative": "is", "was"). Only for the usual `(?:^|\\s)(?:...)(?=\\s|$)` regex, case-insensitive; null
 * when not sure (a top-level `|`, a lookbehind, a leading class or escape): such a regex always runs.
 */
export function regexLeads(regex: RegExp): string[] | null {
  const source = regex.source;
  if (!source.startsWith(REGEX_PREFIX) || !source.endsWith(REGEX_SUFFIX) || !regex.ignoreCase) return null;
  let body = source.slice(REGEX_PREFIX.length, -REGEX_SUFFIX.length);
  if (alternatives(body).length !== 1) return null;
  if (body.startsWith('(')) {
    const end = closing(body, 0);
    if (end < 0 || '?*{'.includes(body[end + 1] ?? '')) return null;
    body = body.slice(1, end);
    if (body.startsWith('?:')) body = body.slice(2);
    else if (body.startsWith('?')) return null;
  }
  const leads = alternatives(body).map(leadingLetters);
  return leads.every((l): l is string => l !== null) ? leads : null;
}

export function buildTriggerIndex(rules: ContextRules): TriggerIndex {
  const byFirst = new Map<string, { rule: ContextRule; sequence: string[] }[]>();
  const regexRules: ContextRule[] = [];
  const leads = new Map<ContextRule, string[]>();
  for (const rule of rules.rules) {
    if (rule.regex) {
      regexRules.push(rule);
      const starts = regexLeads(rule.regex);
      if (starts) leads.set(rule, starts.map((w) => ` ${w}`));
    }
    for (const seq of rule.sequences) {
      if (!seq.length) continue;
      const list = byFirst.get(seq[0]) ?? [];
      list.push({ rule, sequence: seq });
      byFirst.set(seq[0], list);
    }
  }
  return { byFirst, regexRules, regexLeads: leads };
}

/**
 * The scope of each trigger within its sentence: forward triggers reach to the sentence end, backward ones to
 * its start, each cut short by a terminator ("but", "apart from", "except"), by a new clause ("..., my neck is
 * stiff"), by another trigger of the same category, or after `maxScope` words that are not findings or list glue.
 */
export function setScopes(tokens: Token[], modifiers: Modifier[], targets: TargetSpan[], settings: ContextRules['settings']): void {
  if (!tokens.length) return;
  const base = tokens[0].i;
  const last = base + tokens.length;
  const inTarget = (i: number) => targets.some((t) => i >= t.start && i < t.end);
  const local = (i: number) => tokens[i - base];
  const terminatesFor = (t: Modifier, m: Modifier) =>
    t.rule.direction === 'terminate' && (!t.rule.terminates || (m.rule.category !== null && t.rule.terminates.includes(m.rule.category)));

  for (const m of modifiers) {
    if (m.rule.direction === 'terminate' || m.rule.direction === 'pseudo' || !m.rule.category) continue;
    const forward = m.rule.direction === 'forward' || m.rule.direction === 'bidirectional';
    const backward = m.rule.direction === 'backward' || m.rule.direction === 'bidirectional';
    let start = m.start;
    let end = m.end;
    const stops = modifiers.filter((o) => o !== m && (terminatesFor(o, m) || (o.rule.category === m.rule.category && o.rule.direction !== 'pseudo')));
    if (forward) {
      const limit = m.rule.maxScope ?? settings.maxScope;
      let free = 0;
      let i = m.end;
      // A trigger after a finding in the same comma-separated item qualifies that item ("bilateral red eyes no
      // discharge, cracked red lips"): it does not head a list, so it stops at the comma.
      let k = m.start - 1;
      while (k >= base && !softBreakAfter(local(k)) && !/[.!?;\n]/.test(local(k).post)) k--;
      const qualifier = targets.some((t) => t.start > k && t.start < m.start);
      // A date after what it dates, with words before it in its comma item ("started lamotrigine three weeks ago, with a
      // painful rash", "LMP 7 wks ago, + vaginal bleeding, dizzy"), ends at the comma: what follows is not dated.
      const dated = m.start > k + 1;
      const stopAtComma = m.rule.stopAtComma || (dated && m.rule.category === 'historical' && m.rule.direction === 'bidirectional');
      const inListItem = (from: number) => listItemAfter(tokens, from - base, inTarget, base) || (m.rule.category === 'negated' && bareListItem(tokens, from - base, inTarget, base));
      // A trigger inside brackets ends at the closing bracket: "heart failure (stable, no weight gain), atrial
      // fibrillation" denies only the weight gain.
      const bracketed = (() => {
        let depth = 0;
        for (let j = base; j < m.start; j++) depth += (local(j).post.match(/\(/g)?.length ?? 0) - (local(j).post.match(/\)/g)?.length ?? 0);
        return depth > 0;
      })();
      // "lies rigid and doesn't want to move, shallow breaths, clammy": a verb's "not" whose own comma item names no
      // finding but says something else (two or more words) denies that, and the items after the comma are new
      // statements, unless an "or" before the sentence ends shows they are a list it heads.
      const deniesOther = m.rule.category === 'negated' && !qualifier && VERB_NOT.test(m.text) && (() => {
        let words = 0;
        for (let j = m.end; j < last; j++) {
          if (inTarget(j)) return false;
          if (!LIST_GLUE.has(local(j).norm)) words++;
          if (softBreakAfter(local(j)) || /[.!?;\n]/.test(local(j).post)) break;
        }
        return words >= 2;
      })();
      // "no blisters, no fever, not dizzy, drinking lots of water": a writer who gives each denial its own "no" ends
      // the denials at the last one, and a bare item after it is told as present, unless an "or" before the sentence
      // ends shows a list the last "no" heads ("no fever, no cough, rash or vomiting").
      const repeated = m.rule.category === 'negated' && m.start === k + 1 && k >= base && softBreakAfter(local(k)) && (() => {
        let j = k - 1;
        while (j >= base && !softBreakAfter(local(j)) && !/[.!?;\n]/.test(local(j).post)) j--;
        return modifiers.some((o) => o !== m && o.rule.category === 'negated' && o.start === j + 1);
      })();
      if (i > m.start && boundaryAfter(tokens, m.end - 1 - base, m.rule.category, stopAtComma)) i = last; // nothing after the trigger in its clause
      while (i < last) {
        if (stops.some((o) => o.start === i && !o.rule.backwardOnly)) break;
        const tok = local(i);
        // A date after what it dates ends where the sentence turns to the present: "who had a kidney transplant last
        // year has a temperature of 37.9", "a stroke in 2019, now has weakness".
        if (dated && m.rule.category === 'historical' && NOW_WORDS.has(tok.norm)) break;
        if (!inTarget(i) && !LIST_GLUE.has(tok.norm)) free++;
        if (free > limit) break;
        end = i + 1;
        if (m.rule.nearestOnly && targets.some((t) => t.end === i + 1)) break;
        if (boundaryAfter(tokens, i - base, m.rule.category, stopAtComma, m.rule.category === 'negated' && deniesVerb(m.text))) break;
        if (bracketed && tok.post.includes(')')) break;
        // Across a comma a negated list goes on only while what follows is another bare finding ("no fever,
        // rash or stiff neck"); a new item with more in it is a new statement ("not anticoagulated, sudden severe
        // abdo pain 3h, 9/10").
        // A qualifier still heads a list that an "or" closes ("feels well with no headache, visual change or chest pain").
        if (softBreakAfter(local(i)) && m.rule.category !== 'hypothetical' && ((qualifier && !listItemAfter(tokens, i + 1 - base, inTarget, base, true)) || ((deniesOther || repeated) && !orClosesList(tokens, i + 1 - base)) || !inListItem(i + 1))) break;
        // A denial with a number in it ("No bowels or flatus 2 days, colicky pain") is a statement, not the head of a
        // list of denials: the comma ends it.
        if (softBreakAfter(local(i)) && m.rule.category === 'negated' && tokens.slice(m.end - base, i + 1 - base).some((t) => /^\d/.test(t.norm))) break;
        i++;
      }
    }
    if (backward) {
      const limit = m.rule.maxScope ?? settings.maxScopeBackward;
      let free = 0;
      let i = m.start - 1;
      // "racing heart, tingling fingers, tight chest, settled now": a resolution that is a comma item of its own ends
      // the whole list before it, item by item, while each item is a finding with little else (a duration may lead it).
      let k = m.start - 1;
      while (k >= base && !softBreakAfter(local(k)) && !/[.!?;\n]/.test(local(k).post)) k--;
      // "..., it has settled" points at the last item only; "..., all settled now", "..., they've gone" at the list.
      const endsList =
        m.rule.category === 'resolved' &&
        k >= base &&
        softBreakAfter(local(k)) &&
        tokens.slice(k + 1 - base, m.start - base).every((t) => LIST_POINTERS.has(t.norm));
      let listFree = 0;
      while (i >= base) {
        // A boundary ends the scope, unless all that stands between it and the trigger points back to what came
        // before: "her face drooped, it's gone back to normal now".
        // A backward trigger governs the item just before it: "ovarian cyst, pregnancy test negative".
        const crossing = i < m.start - 1 && softBreakAfter(local(i));
        if (crossing && endsList && !/[.!?;\n]/.test(local(i).post) && listItemAfter(tokens, i + 1 - base, inTarget, base, false, true)) {
          // Each item's own words count afresh: the list, not the words, is what the resolution reaches back over.
          listFree = free;
        }
        else if ((boundaryAfter(tokens, i - base, m.rule.category, m.rule.stopAtComma) || crossing) && !tokens.slice(i + 1 - base, m.start - base).every((t) => POINTERS.has(t.norm))) break;
        if (stops.some((o) => o.end === i + 1)) break;
        const tok = local(i);
        // A date dates its own clause: "a rash and fever who started lamotrigine two weeks ago" dates the medicine,
        // not what came before the relative pronoun.
        if (m.rule.category === 'historical' && m.rule.direction === 'bidirectional' && RELATIVE_PRONOUNS.has(tok.norm)) break;
        // So does a "for" that names what a medicine treats: "on rivaroxaban for a DVT diagnosed 2 months ago" dates
        // the clot, and the medicine is taken now.
        if (m.rule.category === 'historical' && m.rule.direction === 'bidirectional' && tok.norm === 'for' && targets.some((t) => t.start > i && t.end <= m.start)) break;
        if (!inTarget(i) && !LIST_GLUE.has(tok.norm)) free++;
        if (free - listFree > limit) break;
        start = i;
        if (m.rule.nearestOnly && targets.some((t) => t.start === i)) break;
        i--;
      }
    }
    m.scope = { start, end };
  }
}

/** The categories of one finding: of the triggers whose scope covers it, the nearest of each category counts. */
export function contextOf(target: TargetSpan & { kind?: string }, modifiers: Modifier[]): ContextResult {
  const result: ContextResult = { negated: false, possible: false, hypothetical: false, historical: false, resolved: false, family: false, triggers: [] };
  const nearest = new Map<ContextCategory, { m: Modifier; d: number }>();
  for (const m of modifiers) {
    if (!m.scope || !m.rule.category) continue;
    if (target.end <= m.scope.start || target.start >= m.scope.end) continue;
    if (m.rule.kinds && !m.rule.kinds.includes(target.kind ?? 'finding')) continue;
    const d = m.end <= target.start ? target.start - m.end : m.start >= target.end ? m.start - target.end : 0;
    const before = nearest.get(m.rule.category);
    if (!before || d < before.d) nearest.set(m.rule.category, { m, d });
  }
  // An affirmation nearer than a negation wins ("no rash, neck stiffness present").
  const affirmed = nearest.get('affirmed');
  for (const c of ['negated', 'possible'] as const) {
    const n = nearest.get(c);
    if (n && affirmed && affirmed.d < n.d) nearest.delete(c);
  }
  for (const [category, { m }] of nearest) {
    if (category === 'affirmed') continue;
    if (category === 'resolved') {
      result.resolved = true;
      result.negated = true;
      result.historical = true;
    } else result[category] = true;
    result.triggers.push({ category, text: m.text, source: m.rule.source });
  }
  return result;
}
