/**
 * A worker thread of the turn pool (pool.ts, index.ts): builds its own language layer, triage, content checker and
 * retriever from the knowledge the main thread hands over, then runs the stages of chat turns (chat/stages.ts) it is
 * sent, one at a time. The knowledge index is the main thread's SQLite file, opened read-only (one copy on disk and
 * in the page cache); with an in-memory database (tests) the worker indexes its own copy.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { createStageFunctions } from '../chat/stages';
import { createKnowledgeIndex } from '../db/knowledge-index';
import { openDatabase } from '../db';
import { indexKnowledge } from '../knowledge/ingest';
import { createRetriever } from '../retrieval';
import { contentCheckerFor } from '../safety';
import { createTriage } from '../triage';
import { createLogger } from '../logger';
import type { TurnWorkerData } from './index';

const data = workerData as TurnWorkerData;
const logger = createLogger(data.logLevel);
const triage = createTriage(data.loaded, { emergencyNumber: data.emergencyNumber });
const checker = contentCheckerFor(data.loaded, triage.language);
const knowledge = data.knowledge;
const db = data.databaseFile ? new Database(data.databaseFile, { readonly: true, fileMustExist: true }) : openDatabase(':memory:');
if (!data.databaseFile) indexKnowledge(db, knowledge);
const knowledgeIndex = createKnowledgeIndex(db);
const retriever = createRetriever({ store: knowledgeIndex, language: triage.language, concepts: knowledge.lexicon, articles: knowledge.articles, conditions: knowledge.conditions, vectors: null, logger });
const stages = createStageFunctions({ triage, retriever, knowledgeIndex, checker, retrievalTopK: data.retrievalTopK, shorthand: knowledge.shorthand });

const tasks: Record<string, (payload: never) => unknown> = {
  read: stages.read,
  sources: stages.sourcesFrom,
  namesItsOwn: stages.namesItsOwn,
  compose: stages.compose,
};

parentPort!.on('message', async (m: { id: number; task: string; payload: unknown }) => {
  // Faults the tests ask for (never set otherwise): a worker that dies in the middle of a task, one that never answers.
  if (data.faults?.crash?.includes(m.task)) process.exit(70);
  if (data.faults?.hang?.includes(m.task)) return;
  try {
    const run = tasks[m.task];
    if (!run) throw new Error(`unknown task ${m.task}`);
    parentPort!.postMessage({ id: m.id, ok: true, value: await run(m.payload as never) });
  } catch (err) {
    parentPort!.postMessage({ id: m.id, ok: false, error: (err as Error).message });
  }
});
// The word list is read on first use: read one message now, before saying ready, so no turn waits for it.
stages.read({ text: 'I have had a headahce and a cough since the weekend', patient: true, antecedents: [], previous: null, classify: { assessed: false, hasTopic: false } });
parentPort!.postMessage({ ready: true });
