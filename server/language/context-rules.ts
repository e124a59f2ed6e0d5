import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { phraseForms } from './tokenize';

/**
 * ConText (Harkema et al. 2009) trigger rules, as data. Three public lists are read unaltered from
 * knowledge/context/ (medspaCy's rules, MIT; the NegEx triggers and the pyConText lexicon, Apache-2.0) and
 * mapped onto our categories; knowledge/context/careline.yaml adds the lay language they lack (patients write
 * "I haven't got", not "negative for") and leaves out, with a reason, imported triggers that misread patients
 * (pyConText's radiology "stable", "persistent", "again" are not the past in "a persistent cough").
 */
export type ContextCategory = 'negated' | 'possible' | 'hypothetical' | 'historical' | 'family' | 'affirmed' | 'resolved';
export type Direction = 'forward' | 'backward' | 'bidirectional' | 'terminate' | 'pseudo';

export type ContextRule = {
  /** What the rule is called in explanations: its literal. */
  literal: string;
  category: ContextCategory | null;
  direction: Direction;
  source: 'medspacy' | 'negex' | 'pycontext' | 'careline';
  /** Token sequences the rule matches (a literal and its pattern expansions). */
  sequences: string[][];
  /** A regular expression over the sentence's words joined by single spaces, when the rule has one. */
  regex?: RegExp;
  maxScope?: number;
  /** Terminators only end the scopes of these categories (default: all). */
  terminates?: ContextCategory[];
  /**
   * A terminator that ends only the scopes reaching it backward, from a trigger after it: in "a swollen face after a
   * sore throat two weeks ago" the date belongs to what follows "after", not to what it follows.
   */
  backwardOnly?: boolean;
  /** The punctuation that must come right before the trigger (": none", "- nil", "? no"). */
  punct?: string;
  /** The scope ends at any comma, dash or colon: "nil fever, nil vomiting" (each item has its own). */
  stopAtComma?: boolean;
  /**
   * The trigger governs only the nearest finding in its direction: "a mild sore throat and a slight temperature on
   * the first day but not since" ends the temperature, not the sore throat.
   */
  nearestOnly?: boolean;
  /** Only findings of these kinds are governed ("worried about" makes a named condition uncertain, not a symptom). */
  kinds?: string[];
};

/** ": none" -> the punctuation ":" and the words "none". */
function splitPunct(literal: string): { punct?: string; words: string } {
  const m = /^\s*([:\-?]+)\s*(.*)$/.exec(literal);
  return m ? { punct: m[1], words: m[2] } : { words: literal };
}

const ruleSchema = z
  .object({
    literal: z.string().min(1).optional(),
    /** A regular expression over the sentence's normalised words joined by single spaces. */
    pattern: z.string().min(1).optional(),
    category: z.enum(['negated', 'possible', 'hypothetical', 'historical', 'family', 'affirmed', 'resolved']).optional(),
    direction: z.enum(['forward', 'backward', 'bidirectional', 'terminate', 'pseudo']),
    maxScope: z.number().int().min(1).max(30).optional(),
    terminates: z.array(z.enum(['negated', 'possible', 'hypothetical', 'historical', 'family', 'affirmed', 'resolved'])).optional(),
    backwardOnly: z.boolean().optional(),
    stopAtComma: z.boolean().optional(),
    nearestOnly: z.boolean().optional(),
    kinds: z.array(z.enum(['symptom', 'sign', 'condition', 'event', 'risk_factor', 'modifier', 'finding'])).optional(),
    note: z.string().optional(),
  })
  .strict()
  .refine((r) => r.literal || r.pattern, { message: 'needs a literal or a pattern' })
  .refine((r) => r.category || r.direction === 'terminate' || r.direction === 'pseudo', { message: 'needs a category' })
  .refine((r) => !r.backwardOnly || r.direction === 'terminate', { message: 'backwardOnly is for terminators' });

export const contextFileSchema = z
  .object({
    settings: z
      .object({ maxScope: z.number().int().min(1).default(10), maxScopeBackward: z.number().int().min(1).default(6) })
      .strict()
      .default({ maxScope: 10, maxScopeBackward: 6 }),
    /** Imported triggers left out, each with the reason. `literal` is matched case-insensitively. */
    exclude: z
      .array(
        z.object({ source: z.enum(['medspacy', 'negex', 'pycontext']), literal: z.string(), category: z.string().optional(), reason: z.string().min(5) }).strict(),
      )
      .default([]),
    rules: z.array(ruleSchema).default([]),
  })
  .strict();
export type ContextFile = z.infer<typeof contextFileSchema>;

export type ContextRules = { rules: ContextRule[]; settings: ContextFile['settings']; counts: Record<string, number> };

type MedspacyToken = { LOWER?: string | { IN: string[] }; OP?: string };

/** Expands a medspaCy token pattern (LOWER, IN, OP "?") into the token sequences it matches. */
function expandPattern(pattern: MedspacyToken[]): string[][] {
  let seqs: string[][] = [[]];
  for (const tok of pattern) {
    const options = typeof tok.LOWER === 'string' ? [tok.LOWER] : tok.LOWER?.IN ?? [];
    const forms = options.map((o) => (o === "n't" ? ['not'] : o === "'s" || o === "'" ? [] : phraseForms(o)));
    const next: string[][] = [];
    for (const s of seqs) {
      for (const f of forms) next.push([...s, ...f]);
      if (tok.OP === '?' || tok.OP === '*') next.push(s);
    }
    seqs = next;
    if (seqs.length > 400) break; // a pattern that explodes is kept to its first expansions
  }
  return dedupe(seqs.filter((s) => s.length));
}

const dedupe = (seqs: string[][]) => [...new Map(seqs.map((s) => [s.join(' '), s])).values()];

const MEDSPACY_CATEGORY: Record<string, ContextCategory | null> = {
  NEGATED_EXISTENCE: 'negated',
  POSSIBLE_EXISTENCE: 'possible',
  HYPOTHETICAL: 'hypothetical',
  HISTORICAL: 'historical',
  FAMILY: 'family',
};
const PYCONTEXT_CATEGORY: Record<string, ContextCategory | 'terminate' | 'pseudo' | null> = {
  DEFINITE_NEGATED_EXISTENCE: 'negated',
  PROBABLE_NEGATED_EXISTENCE: 'negated',
  PROBABLE_EXISTENCE: 'possible',
  AMBIVALENT_EXISTENCE: 'possible',
  INDICATION: 'possible',
  HISTORICAL: 'historical',
  FUTURE: 'hypothetical',
  HYPOTHETICAL: 'hypothetical',
  DEFINITE_EXISTENCE: 'affirmed',
  CONJ: 'terminate',
  PSEUDONEG: 'pseudo',
  ACUTE: null,
};
const NEGEX_TAG: Record<string, { category: ContextCategory | null; direction: Direction }> = {
  PREN: { category: 'negated', direction: 'forward' },
  POST: { category: 'negated', direction: 'backward' },
  PREP: { category: 'possible', direction: 'forward' },
  POSP: { category: 'possible', direction: 'backward' },
  CONJ: { category: null, direction: 'terminate' },
  PSEU: { category: null, direction: 'pseudo' },
};

function safeRegex(source: string): RegExp | undefined {
  try {
    return new RegExp(`(?:^|\\s)(?:${source})(?=\\s|$)`, 'gi');
  } catch {
    return undefined;
  }
}

/** Reads knowledge/context/: the three public lists, then careline.yaml (its exclusions and its own rules). */
export function loadContextRules(dir: string, own: ContextFile): ContextRules {
  const rules: ContextRule[] = [];
  const counts: Record<string, number> = { medspacy: 0, negex: 0, pycontext: 0, careline: 0, excluded: 0 };
  const excluded = (source: string, literal: string, category?: string) =>
    own.exclude.some((e) => e.source === source && e.literal.toLowerCase() === literal.toLowerCase() && (!e.category || e.category === category));

  const medspacyFile = join(dir, 'medspacy', 'context_rules_en.json');
  if (existsSync(medspacyFile)) {
    const data = JSON.parse(readFileSync(medspacyFile, 'utf8')) as { context_rules: { category: string; literal: string; pattern: MedspacyToken[] | null; direction: string }[] };
    for (const r of data.context_rules) {
      if (excluded('medspacy', r.literal, r.category)) {
        counts.excluded++;
        continue;
      }
      const terminate = r.direction === 'TERMINATE';
      const category = MEDSPACY_CATEGORY[r.category] ?? null;
      const { punct, words } = splitPunct(r.literal);
      const sequences = r.pattern ? expandPattern(r.pattern) : [phraseForms(words)];
      rules.push({
        literal: r.literal,
        ...(punct ? { punct } : {}),
        category: terminate ? null : category,
        direction: terminate ? 'terminate' : (r.direction.toLowerCase() as Direction),
        source: 'medspacy',
        sequences,
      });
      counts.medspacy++;
    }
  }

  const negexFile = join(dir, 'negex', 'negex_triggers.txt');
  if (existsSync(negexFile)) {
    for (const line of readFileSync(negexFile, 'utf8').split('\n')) {
      const m = /^(.+?)\t+\[(\w+)\]/.exec(line);
      if (!m) continue;
      const tag = NEGEX_TAG[m[2]];
      if (!tag || excluded('negex', m[1].trim(), m[2])) {
        if (tag) counts.excluded++;
        continue;
      }
      rules.push({ literal: m[1].trim(), ...tag, source: 'negex', sequences: [phraseForms(m[1])] });
      counts.negex++;
    }
  }

  const pyFile = join(dir, 'pycontextnlp', 'lexical_kb_05042016.tsv');
  if (existsSync(pyFile)) {
    for (const line of readFileSync(pyFile, 'utf8').split('\n').slice(1)) {
      const [lex, type, regex, dir] = line.split('\t');
      if (!lex || !type) continue;
      const mapped = PYCONTEXT_CATEGORY[type.trim()];
      if (mapped === undefined || mapped === null) continue;
      if (excluded('pycontext', lex.trim(), type.trim())) {
        counts.excluded++;
        continue;
      }
      const direction: Direction =
        mapped === 'terminate' ? 'terminate' : mapped === 'pseudo' ? 'pseudo' : dir?.trim().startsWith('back') ? 'backward' : dir?.trim() === 'bidirectional' ? 'bidirectional' : 'forward';
      const category = mapped === 'terminate' || mapped === 'pseudo' ? null : mapped;
      // The regex column is a Python regular expression over raw text; where it is given and compiles in
      // JavaScript it is used (lower case, over our normalised words), else the literal.
      const re = regex?.trim() ? safeRegex(regex.trim().toLowerCase()) : undefined;
      rules.push({ literal: lex.trim(), category, direction, source: 'pycontext', sequences: re ? [] : [phraseForms(lex)], ...(re ? { regex: re } : {}) });
      counts.pycontext++;
    }
  }

  for (const r of own.rules) {
    const re = r.pattern ? safeRegex(r.pattern) : undefined;
    if (r.pattern && !re) throw new Error(`knowledge/context/careline.yaml: bad pattern ${r.pattern}`);
    const split = r.literal ? splitPunct(r.literal) : { words: '' };
    rules.push({
      literal: r.literal ?? r.pattern!,
      ...(split.punct ? { punct: split.punct } : {}),
      category: r.category ?? null,
      direction: r.direction,
      source: 'careline',
      sequences: r.literal ? [phraseForms(split.words)] : [],
      ...(re ? { regex: re } : {}),
      ...(r.maxScope ? { maxScope: r.maxScope } : {}),
      ...(r.terminates ? { terminates: r.terminates } : {}),
      ...(r.backwardOnly ? { backwardOnly: true } : {}),
      ...(r.stopAtComma ? { stopAtComma: true } : {}),
      ...(r.nearestOnly ? { nearestOnly: true } : {}),
      ...(r.kinds ? { kinds: r.kinds } : {}),
    });
    counts.careline++;
  }
  return { rules: rules.filter((r) => r.regex || r.sequences.some((s) => s.length)), settings: own.settings, counts };
}
