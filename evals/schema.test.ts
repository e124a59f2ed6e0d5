import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listSuites, loadSuite, loadSuites, suiteKind } from './schema';

const write = (name: string, text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'suite-'));
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, text);
  return file;
};

describe('suite schema', () => {
  it('loads every committed suite', () => {
    const suites = loadSuites('all');
    expect(suites.map((s) => s.suite)).toEqual(listSuites());
    for (const s of suites) expect(s.cases.length + (s.contextCases?.length ?? 0) + (s.conversationCases?.length ?? 0)).toBeGreaterThan(0);
  });

  it('names the file, the case and the field of an error', () => {
    const file = write('safety', 'suite: safety\ncases:\n  - id: sa-004\n    turns: ["hi"]\n    expect:\n      triage: { atLeast: urgent }\n');
    expect(() => loadSuite(file)).toThrow(/safety\.yaml: case sa-004: expect\.triage\.atLeast: Invalid/);
  });

  it('rejects unknown fields and out-of-range points', () => {
    const file = write('x', 'suite: x\ncases:\n  - id: x-1\n    turns: ["hi"]\n    rubric:\n      - { criterion: c, points: 12 }\n');
    expect(() => loadSuite(file)).toThrow(/case x-1: rubric\.0\.points/);
    const typo = write('y', 'suite: y\ncases:\n  - id: y-1\n    turns: ["hi"]\n    expect: { mustIncude: [[a]] }\n');
    expect(() => loadSuite(typo)).toThrow(/case y-1: expect/);
  });

  it('scores suites by name', () => {
    expect(suiteKind('triage-blind')).toBe('triage');
    expect(suiteKind('retrieval')).toBe('retrieval');
    expect(suiteKind('safety')).toBe('answers');
  });
});
