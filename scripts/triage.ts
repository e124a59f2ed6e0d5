/** `npm run triage -- "<text>"`: prints the triage JSON for one message (no server, no database). */
import { loadConfig } from '../server/config';
import { loadKnowledge } from '../server/knowledge/load';
import { createTriage } from '../server/triage';

const text = process.argv.slice(2).join(' ').trim();
if (!text) {
  console.error('usage: npm run triage -- "I have crushing chest pain"');
  process.exit(2);
}
const config = loadConfig();
const triage = createTriage(loadKnowledge(config.knowledgeDir), { emergencyNumber: config.emergencyNumber });
const { context, ...result } = triage.assess({ text });
console.log(JSON.stringify({ ...result, context }, null, 2));
