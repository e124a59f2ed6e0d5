import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALCULATORS, type CalculatorId, calculate, parseInputs } from './index';

const IDS: CalculatorId[] = ['news2', 'qsofa', 'curb65', 'crb65', 'centor', 'mcisaac', 'feverpain', 'gcs', 'wells_dvt', 'wells_pe', 'perc', 'fever_traffic_light', 'rosier', 'westley'];
const DIR = import.meta.dirname;
const SOURCES = readdirSync(DIR).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

describe('the calculator definitions', () => {
  it('define every calculator once, in the CalculatorId order', () => {
    expect(CALCULATORS.map((c) => c.id)).toEqual(IDS);
  });

  it.each(CALCULATORS.map((c) => [c.id, c]))('%s names its source with an https URL, a description and aliases', (_, c) => {
    expect(c.source.name.length).toBeGreaterThan(10);
    expect(c.source.url).toMatch(/^https:\/\/[^\s]+$/);
    expect(c.description.length).toBeGreaterThan(40);
    expect(c.aliases.length).toBeGreaterThan(0);
  });

  it.each(CALCULATORS.map((c) => [c.id, c]))('%s has unique field ids, and choices with options', (_, c) => {
    const ids = c.fields.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const f of c.fields) if (f.type === 'choice') expect(f.options?.length).toBeGreaterThan(1);
  });

  it.each(IDS.map((id) => [id]))('%s with no inputs lists what is missing and does not throw', (id) => {
    const r = calculate(id, {});
    expect(r.id).toBe(id);
    expect(r.missing.length).toBeGreaterThan(0);
    expect(r.interpretation).toMatch(/partial/);
  });

  it.each(IDS.map((id) => [id]))('%s: parseInputs only returns its own fields', (id) => {
    const fields = CALCULATORS.find((c) => c.id === id)!.fields.map((f) => f.id);
    const text = 'RR 24, sats 91% on air, BP 95/60, HR 112, T 38.4, new confusion, urea 8, 72yo, GCS E3 V4 M6, no cough, exudate, haemoptysis, on OCP, grunting';
    for (const key of Object.keys(parseInputs(id, text))) expect(fields).toContain(key);
  });

  it('is deterministic: the same inputs give the same result', () => {
    const inputs = { respiratory_rate: 24, spo2: 91, on_oxygen: false };
    expect(calculate('news2', inputs)).toEqual(calculate('news2', inputs));
  });

  it('rejects an unknown calculator id', () => {
    expect(() => calculate('apgar' as CalculatorId, {})).toThrow(/unknown calculator/);
  });
});

describe('the module is browser-safe (the nurse console bundles it with esbuild)', () => {
  it.each(SOURCES.map((f) => [f]))('%s imports only sibling modules and uses no Node globals', (file) => {
    const code = readFileSync(join(DIR, file), 'utf8');
    const imports = [...code.matchAll(/^\s*(?:import|export)[^'"]*from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]);
    for (const spec of imports) expect(spec === 'zod' || spec.startsWith('./'), `${file} imports ${spec}`).toBe(true);
    expect(code).not.toMatch(/\b(?:process\.|require\(|Buffer\b|__dirname|import\.meta)/);
  });

  it('bundles for the browser with esbuild', async () => {
    const esbuild = await import('esbuild');
    const out = await esbuild.build({ entryPoints: [join(DIR, 'index.ts')], bundle: true, platform: 'browser', format: 'esm', write: false, logLevel: 'silent' });
    expect(out.errors).toEqual([]);
    expect(out.outputFiles[0].text).toContain('calculateFromText');
  });
});
