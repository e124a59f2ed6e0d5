/**
 * `npx tsx scripts/tune-triage.ts [variant ...]`: the development triage suites (evals/suites/triage-*, never
 * evals/frozen) scored in-process for the condition engine's parameters and for named variants of them, side by
 * side, so a change of a global knob is judged on every suite at once (3-level accuracy, emergency recall,
 * self-care accuracy, over-triage). Variants are JSON patches of DEFAULT_PARAMS, e.g.
 * '{"threshold":{"life_threatening":0.05}}'. Knobs only: no case is ever tuned to.
 */
import { loadKnowledge } from '../server/knowledge/load';
import { languageFor } from '../server/language/setup';
import { createTriage, toState, threeLevel, type Level, type TriageState } from '../server/triage';
import { DEFAULT_PARAMS, type EngineParams } from '../server/triage/conditions';
import { scoreTriage } from '../evals/scorers/triage';
import { listSuites, loadSuite } from '../evals/schema';
import { join } from 'node:path';

const knowledge = loadKnowledge('knowledge');
const language = languageFor(knowledge);
const suites = listSuites()
  .filter((s) => s.startsWith('triage') && s !== 'triage-dialogue')
  .map((s) => loadSuite(join(import.meta.dirname, '..', 'evals', 'suites', `${s}.yaml`)));

const merge = (a: EngineParams, patch: Record<string, unknown>): EngineParams => {
  const out = structuredClone(a) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) out[k] = v && typeof v === 'object' && !Array.isArray(v) ? { ...(out[k] as object), ...v } : v;
  return out as unknown as EngineParams;
};

function run(params: EngineParams) {
  const triage = createTriage(knowledge, { emergencyNumber: '911', language, params });
  const rows: Record<string, string> = {};
  let allAcc = 0;
  let allN = 0;
  for (const suite of suites) {
    let acc3 = 0;
    let n3 = 0;
    let emGold = 0;
    let emGot = 0;
    let sc = 0;
    let scN = 0;
    let over = 0;
    let nonEm = 0;
    let bounds = 0;
    let boundsN = 0;
    for (const c of suite.cases) {
      let state: TriageState | null = null;
      let level: Level = 'self_care';
      for (const text of c.turns) {
        const r = triage.assess({ text }, state);
        state = toState(r);
        level = r.level;
      }
      const t = c.expect.triage!;
      const s = scoreTriage(t, level);
      const d = s.details!;
      if (d.goldEmergent) {
        emGold++;
        if (d.gotEmergent) emGot++;
      }
      if (t.level) {
        n3++;
        if (threeLevel(level) === threeLevel(t.level)) acc3++;
        if (t.level === 'self_care') {
          scN++;
          if (level === 'self_care') sc++;
        }
        if (threeLevel(t.level) !== 'emergent') {
          nonEm++;
          if (d.direction === 'over') over++;
        }
      } else {
        boundsN++;
        if (s.pass) bounds++;
      }
    }
    const f = (a: number, b: number) => (b ? (a / b).toFixed(2) : ' n/a');
    rows[suite.suite] = `acc3 ${f(acc3, n3)} emR ${f(emGot, emGold)} sc ${f(sc, scN)} over ${f(over, nonEm)} bnd ${f(bounds, boundsN)}`;
    allAcc += acc3 + emGot;
    allN += n3 + emGold;
  }
  return { rows, overall: allAcc / allN };
}

const variants: [string, EngineParams][] = [['default', DEFAULT_PARAMS], ...process.argv.slice(2).map((v, i): [string, EngineParams] => [`v${i + 1} ${v}`, merge(DEFAULT_PARAMS, JSON.parse(v))])];
for (const [name, params] of variants) {
  const { rows, overall } = run(params);
  console.log(`\n${name}  (acc3+recall summary ${overall.toFixed(3)})`);
  for (const [suite, row] of Object.entries(rows)) console.log(`  ${suite.padEnd(20)} ${row}`);
}
