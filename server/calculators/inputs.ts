import type { CalculatorDef, FieldDef, Inputs } from './types';

/**
 * Reads raw inputs (from parseInputs, or a form that sends strings) against a calculator's fields. A value that is
 * absent, empty, of the wrong kind or out of the field's range counts as not given; the reason is kept so the
 * component can say "invalid: 300 (expected 0-80)" instead of scoring a typo.
 */
export type FieldReader = {
  num(id: string): number | undefined;
  bool(id: string): boolean | undefined;
  choice(id: string): string | undefined;
  field(id: string): FieldDef;
  label(id: string): string;
  /** "not given", or why the given value was not used. */
  absent(id: string): string;
};

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'present', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'absent', 'off']);

function readNumber(raw: unknown): number | undefined | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'string') {
    const m = /^\s*(-?\d+(?:\.\d+)?)/.exec(raw);
    return m ? Number(m[1]) : null;
  }
  return null;
}

function readBoolean(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (raw === 1 || raw === 0) return raw === 1;
  if (typeof raw === 'string') {
    const w = raw.trim().toLowerCase();
    if (TRUE_WORDS.has(w)) return true;
    if (FALSE_WORDS.has(w)) return false;
  }
  return null;
}

function readChoice(field: FieldDef, raw: unknown): string | null {
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const w = String(raw).trim().toLowerCase();
  const option = field.options?.find((o) => o.id.toLowerCase() === w || o.label.toLowerCase() === w);
  return option ? option.id : null;
}

export function readInputs(def: CalculatorDef, inputs: Inputs): FieldReader {
  const values = new Map<string, number | boolean | string>();
  const invalid = new Map<string, string>();
  for (const field of def.fields) {
    const raw = inputs[field.id];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) continue;
    const shown = String(raw);
    if (field.type === 'number') {
      const n = readNumber(raw);
      if (n === null || n === undefined) invalid.set(field.id, `invalid: "${shown}" is not a number`);
      else if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) {
        invalid.set(field.id, `invalid: ${n} is outside ${field.min ?? '-'} to ${field.max ?? '-'}${field.unit ? ` ${field.unit}` : ''}`);
      } else values.set(field.id, n);
    } else if (field.type === 'boolean') {
      const b = readBoolean(raw);
      if (b === null) invalid.set(field.id, `invalid: "${shown}" is not yes or no`);
      else values.set(field.id, b);
    } else {
      const c = readChoice(field, raw);
      if (c === null) invalid.set(field.id, `invalid: "${shown}" is not one of ${field.options?.map((o) => o.id).join(', ')}`);
      else values.set(field.id, c);
    }
  }
  const fieldOf = (id: string) => {
    const f = def.fields.find((x) => x.id === id);
    if (!f) throw new Error(`${def.id} has no field ${id}`);
    return f;
  };
  return {
    num: (id) => {
      const v = values.get(id);
      return typeof v === 'number' ? v : undefined;
    },
    bool: (id) => {
      const v = values.get(id);
      return typeof v === 'boolean' ? v : undefined;
    },
    choice: (id) => {
      const v = values.get(id);
      return typeof v === 'string' ? v : undefined;
    },
    field: fieldOf,
    label: (id) => fieldOf(id).label,
    absent: (id) => invalid.get(id) ?? 'not given',
  };
}
