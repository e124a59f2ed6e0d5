import type { FieldReader } from './inputs';
import type { CalculatorDef, CalculatorResult, Component } from './types';

/** One scored item: its component, the points it could still add while a field is missing, and which fields. */
export type Scored = { component: Component; range: [number, number]; missing: string[] };

/** A result band: what it is called, what it means, and what the nurse does. */
export type Band = { id: string; label: string; meaning: string; escalation: string };

export const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

/** A scored item whose points are known. */
export function known(field: string, label: string, value: string, points: number): Scored {
  return { component: { field, label, value, points }, range: [points, points], missing: [] };
}

/** An item that cannot be scored: `fields` are missing, and it could add anything in `range`. */
export function unknown(r: FieldReader, field: string, range: [number, number], fields: string[] = [field], value?: string): Scored {
  return { component: { field, label: r.label(field), value: value ?? r.absent(field), points: null }, range, missing: fields };
}

/** A yes/no criterion worth `points` when present (negative points, e.g. Wells' alternative diagnosis, work too). */
export function criterion(r: FieldReader, field: string, points: number): Scored {
  const v = r.bool(field);
  if (v === undefined) return unknown(r, field, [Math.min(0, points), Math.max(0, points)]);
  return known(field, r.label(field), v ? 'yes' : 'no', v ? points : 0);
}

/** A number scored by `points`; `show` formats it with its unit. */
export function measured(r: FieldReader, field: string, points: (v: number) => number, range: [number, number], show?: (v: number) => string): Scored {
  const v = r.num(field);
  if (v === undefined) return unknown(r, field, range);
  const unit = r.field(field).unit;
  return known(field, r.label(field), show ? show(v) : `${fmt(v)}${unit ? ` ${unit}` : ''}`, points(v));
}

export type Tally = { score: number; min: number; max: number; missing: string[]; components: Component[] };

/** Sums the known points; min and max are what the score could become once the missing fields are given. */
export function tally(items: Scored[]): Tally {
  const missing: string[] = [];
  for (const it of items) for (const f of it.missing) if (!missing.includes(f)) missing.push(f);
  return {
    score: items.reduce((s, it) => s + (it.component.points ?? 0), 0),
    min: items.reduce((s, it) => s + it.range[0], 0),
    max: items.reduce((s, it) => s + it.range[1], 0),
    missing,
    components: items.map((it) => it.component),
  };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * The interpretation and escalation of a (possibly partial) score. A complete score reads "NEWS2 7: high -
 * emergency response". A partial one names what is missing, says whether the score is a minimum, and only states a
 * band as settled when no missing value could move it; otherwise the escalation asks for the missing values first.
 */
export function describe(o: {
  short: string;
  t: Tally;
  labels: string[];
  /** The band at the score as it stands. */
  band: Band;
  /** The bands at the lowest and highest scores still possible. */
  lowest: Band;
  highest: Band;
  /** The escalation while the band is not settled; by default: assess the missing items, act on the current band. */
  unsettled?: (missingList: string, o: { band: Band; lowest: Band; highest: Band }) => string;
}): { interpretation: string; escalation: string } {
  const { short, t, band, lowest, highest } = o;
  if (t.missing.length === 0) {
    return { interpretation: `${short} ${fmt(t.score)}: ${band.label} - ${band.meaning}`, escalation: band.escalation };
  }
  const list = o.labels.join(', ');
  const range = t.min === t.score ? `a minimum, could be up to ${fmt(t.max)}` : `not a minimum, could be ${fmt(t.min)} to ${fmt(t.max)}`;
  const head = `${short} ${fmt(t.score)} (partial - not given: ${list}; ${range})`;
  if (lowest.id === highest.id) {
    return {
      interpretation: `${head}: ${band.label} - ${band.meaning}, whatever the missing values`,
      escalation: `${band.escalation} Record the missing values too (${list}).`,
    };
  }
  const could = [lowest, highest].filter((b) => b.id !== band.id).map((b) => b.label);
  return {
    interpretation: `${head}: ${band.label} so far, not settled - could be ${could.join(' or ')} once complete`,
    escalation: o.unsettled
      ? o.unsettled(list, { band, lowest, highest })
      : `Assess ${list} now to complete the score; until then act on the current band: ${lowerFirst(band.escalation)}`,
  };
}

export function result(def: CalculatorDef, t: Tally, score: number | string, text: { interpretation: string; escalation: string }): CalculatorResult {
  return {
    id: def.id,
    name: def.name,
    score,
    interpretation: text.interpretation,
    escalation: text.escalation,
    components: t.components,
    missing: t.missing,
    source: def.source,
  };
}

/** Labels of missing fields, in the order given. */
export const labelsOf = (r: FieldReader, ids: string[]) => ids.map((id) => r.label(id));
