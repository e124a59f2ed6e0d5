/**
 * npx tsx evals/validate.ts <suite.yaml> [...]: checks suite files against the schema (the same check the runner
 * makes) and prints the case counts; exit 1 with the file, case and field of the first mistake.
 */
import { loadSuite } from './schema';

let failed = false;
for (const file of process.argv.slice(2)) {
  try {
    const s = loadSuite(file);
    const n = s.cases.length || s.contextCases?.length || s.conversationCases?.length || 0;
    console.log(`${s.file}: ${s.suite}, ${n} cases`);
  } catch (err) {
    failed = true;
    console.error((err as Error).message);
  }
}
process.exit(failed ? 1 : 0);
