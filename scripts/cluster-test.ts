/**
 * `npm run test:cluster -- [--clients 16] [--seconds 20] [--think-ms 800] [--turns 4] [--json file]`
 *
 * Several instances, loopback only, bounded in time and count; installs nothing (Debian's postgresql and
 * redis-server must be there: .ci/run installs them). Exit code 0 when nothing was lost or duplicated, 1 when
 * something was (or the run failed), 3 when PostgreSQL or Redis is not installed (nothing was run).
 *
 * 1. Single instance, the embedded default (SQLite, no Redis): N widget-like clients chat for T seconds, each from
 *    its own loopback address, in visits of a few turns with a think time between turns. This is the baseline.
 * 2. Cluster: a throwaway PostgreSQL and Redis on free ports, two instances sharing them (their own local knowledge
 *    index each), the sticky balancer in front; the same N clients for T seconds, spread over both instances by
 *    their address. Halfway through, the instance with the most clients is killed with SIGKILL (not restarted):
 *    its clients reconnect through the balancer to the other instance and resend what was not answered with the
 *    same clientMessageId (and conversationId and secret once acked). The database is then checked turn by turn.
 * Reported: turns served, lost and duplicated messages (checked in the database and on the clients), p50/p99
 * latency of both phases (and in the cluster without the turns that spanned the kill).
 */
import Database from 'better-sqlite3';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { io } from 'socket.io-client';
import { createBalancer } from './cluster/balancer';
import { missingServices, startPostgres, startRedis, type Service } from './cluster/services';
import { createInstances } from './cluster/topology';
import { clientAddress, EVERYDAY_CONVERSATIONS, jitter, pct, sleep } from './lib/load-clients';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '20' },
    'think-ms': { type: 'string', default: '800' },
    turns: { type: 'string', default: '4' },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (args.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]);
  process.exit(0);
}
const int = (name: 'clients' | 'seconds' | 'think-ms' | 'turns', min: number, max: number) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return n;
};
const CLIENTS = int('clients', 2, 100);
const SECONDS = int('seconds', 4, 120);
const THINK_MS = int('think-ms', 0, 10_000);
const TURNS = int('turns', 1, 20);
// Everything is bounded: past this the run gives up, says so and fails.
const HARD_LIMIT_MS = (2 * SECONDS + 240) * 1000;

const missing = missingServices();
if (missing) {
  console.log(`test:cluster skipped: ${missing}. It installs nothing itself; install them with: apt-get install postgresql redis-server`);
  process.exit(3);
}


let aborted = false;
const hardLimit = setTimeout(() => {
  aborted = true;
  console.error(`test:cluster: gave up after ${HARD_LIMIT_MS / 1000} s`);
}, HARD_LIMIT_MS);
hardLimit.unref();

// --------------------------------------------------------------------------------------------------------------
// A widget-like client: a socket per visit, a conversation per visit, resends by clientMessageId.

type Turn = { clientMessageId: string; started: number; finished?: number; messageId?: string; replyIds: Set<string>; sends: number; spannedKill: boolean };
type Ack = { conversationId: string; messageId: string; conversationSecret?: string } | { error: { code: string; message: string } };

class Client {
  readonly turns: Turn[] = [];
  private visits = 0;
  constructor(
    readonly index: number,
    readonly url: string,
  ) {}

  async run(until: number) {
    while (Date.now() < until && !aborted) await this.visit(until);
  }

  private async visit(until: number) {
    const script = EVERYDAY_CONVERSATIONS[(this.index + ++this.visits) % EVERYDAY_CONVERSATIONS.length];
    const socket = io(`${this.url}/chat`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      localAddress: clientAddress(this.index),
    } as Parameters<typeof io>[1]);
    let conversationId: string | undefined;
    let secret: string | undefined;
    try {
      for (let t = 0; t < Math.min(TURNS, script.length) && Date.now() < until && !aborted; t++) {
        const turn: Turn = { clientMessageId: crypto.randomUUID(), started: Date.now(), replyIds: new Set(), sends: 0, spannedKill: false };
        this.turns.push(turn);
        await new Promise<void>((resolve) => {
          let settled = false;
          const finish = () => {
            if (settled) return;
            settled = true;
            socket.off('done', onDone).off('connect', send).off('error', onError);
            clearTimeout(giveUp);
            resolve();
          };
          function send() {
            if (settled || !socket.connected) return; // sent again on the next connect
            turn.sends++;
            const payload = { text: script[t], clientMessageId: turn.clientMessageId, audience: 'patient', ...(conversationId ? { conversationId, conversationSecret: secret } : {}) };
            socket.timeout(10_000).emit('message', payload, (err: Error | null, ack: Ack) => {
              if (settled) return;
              if (err) return send(); // no ack in time: resend with the same id
              if ('error' in ack) return void setTimeout(send, ack.error.code === 'rate_limited' ? 3000 : 500);
              conversationId = ack.conversationId;
              if (ack.conversationSecret) secret = ack.conversationSecret;
              turn.messageId = ack.messageId;
            });
          }
          const onDone = (d: { messageId: string; replyId: string }) => {
            if (d.messageId !== turn.messageId) return;
            turn.replyIds.add(d.replyId);
            turn.finished = Date.now();
            finish();
          };
          const onError = (e: { code: string; messageId?: string }) => {
            if (e.messageId && e.messageId === turn.messageId) send();
          };
          // A turn not answered 60 s after the end of the run is lost (reported, never hidden).
          const giveUp = setTimeout(finish, Math.max(0, until - Date.now()) + 60_000);
          socket.on('done', onDone).on('error', onError).on('connect', send);
          send();
        });
        if (THINK_MS) await sleep(jitter(THINK_MS));
      }
    } finally {
      socket.close();
    }
  }
}

async function chat(url: string, killAt?: { ms: number; kill: () => Promise<void> }) {
  const clients = Array.from({ length: CLIENTS }, (_, i) => new Client(i, url));
  const started = Date.now();
  const until = started + SECONDS * 1000;
  let killedAt: number | undefined;
  const killing = killAt
    ? sleep(killAt.ms).then(async () => {
        killedAt = Date.now();
        await killAt.kill();
      })
    : Promise.resolve();
  await Promise.all([...clients.map((c) => c.run(until)), killing]);
  const turns = clients.flatMap((c) => c.turns);
  if (killedAt) for (const t of turns) t.spannedKill = t.started <= killedAt && (t.finished ?? Infinity) >= killedAt;
  const latency = (ts: Turn[]) => {
    const xs = ts.filter((t) => t.finished).map((t) => t.finished! - t.started);
    return { p50: pct(xs, 50), p99: pct(xs, 99) };
  };
  return {
    turns,
    seconds: (Date.now() - started) / 1000,
    served: turns.filter((t) => t.finished).length,
    latency: latency(turns),
    latencyWithoutKill: killedAt ? latency(turns.filter((t) => !t.spannedKill)) : undefined,
    spannedKill: turns.filter((t) => t.spannedKill).length,
    resent: turns.filter((t) => t.sends > 1).length,
  };
}

/** Lost: a turn never answered, or without its stored question or answer. Duplicated: more than one of either. */
function verdict(turns: Turn[], stored: Map<string, { questions: number; answers: number }>) {
  let lost = 0;
  let duplicated = 0;
  for (const t of turns) {
    const s = stored.get(t.clientMessageId) ?? { questions: 0, answers: 0 };
    if (!t.finished || s.questions === 0 || s.answers === 0) lost++;
    if (s.questions > 1 || s.answers > 1 || t.replyIds.size > 1) duplicated++;
  }
  return { lost, duplicated };
}

// --------------------------------------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'careline-cluster-test-'));
const services: Service[] = [];
let exitCode = 1;
const machine = `nproc ${cpus().length}, ${cpus()[0]?.model.trim()}, load average ${loadavg()[0].toFixed(1)} at the start, Node ${process.version}`;
try {
  // Phase 1: one instance, the embedded default.
  console.log(`test:cluster: ${CLIENTS} clients x ${SECONDS} s per phase (${machine})`);
  console.log('phase 1: one instance, SQLite, no Redis');
  // Its state stays in its local SQLite file (createInstances gives each instance one).
  const single = createInstances({ count: 1, env: {} });
  await single.instances[0].start();
  const one = await chat(`http://127.0.0.1:${single.instances[0].port}`);
  const singleFile = join(single.dir, `${single.instances[0].name}.db`);
  await single.instances[0].kill('SIGTERM');
  const singleStored = new Map<string, { questions: number; answers: number }>();
  {
    const db = new Database(singleFile, { readonly: true });
    const rows = db
      .prepare(
        `SELECT q.client_message_id AS id, count(DISTINCT q.id) AS questions, count(a.id) AS answers
           FROM messages q LEFT JOIN messages a ON a.reply_to = q.id AND a.role = 'assistant'
          WHERE q.role = 'user' GROUP BY q.client_message_id`,
      )
      .all() as { id: string; questions: number; answers: number }[];
    for (const r of rows) singleStored.set(r.id, r);
    db.close();
  }
  await single.stopAll();
  const singleVerdict = verdict(one.turns, singleStored);

  // Phase 2: two instances sharing PostgreSQL and Redis, behind the sticky balancer; one is killed halfway.
  console.log('phase 2: two instances, PostgreSQL and Redis, the sticky balancer; kill -9 of one at half time');
  const postgres = await startPostgres();
  services.push(postgres);
  const redis = await startRedis();
  services.push(redis);
  const cluster = createInstances({ count: 2, env: { DATABASE_URL: postgres.url, REDIS_URL: redis.url } });
  await Promise.all(cluster.instances.map((i) => i.start()));
  const balancer = createBalancer(cluster.instances.map((i) => ({ host: '127.0.0.1', port: i.port })), { checkEveryMs: 500 });
  await new Promise<void>((r) => balancer.server.listen(0, '127.0.0.1', r));
  const lbPort = (balancer.server.address() as { port: number }).port;
  let victim = '';
  let spread = '';
  const two = await chat(`http://127.0.0.1:${lbPort}`, {
    ms: (SECONDS * 1000) / 2,
    async kill() {
      const busiest = balancer.backends.reduce((a, b) => (b.upgrades > a.upgrades ? b : a));
      spread = cluster.instances.map((inst, i) => `${inst.name} ${balancer.backends[i].upgrades}`).join(', ');
      const inst = cluster.instances[balancer.backends.indexOf(busiest)];
      victim = inst.name;
      await inst.kill('SIGKILL');
    },
  });
  const afterKill = cluster.instances.map((inst, i) => `${inst.name} ${balancer.backends[i].upgrades}`).join(', ');
  await balancer.close();
  const stopCodes = await cluster.stopAll('SIGTERM');
  const clusterStored = new Map<string, { questions: number; answers: number }>();
  {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    const { rows } = await client.query<{ id: string; questions: string; answers: string }>(
      `SELECT q.client_message_id AS id, count(DISTINCT q.id) AS questions, count(a.id) AS answers
         FROM messages q LEFT JOIN messages a ON a.reply_to = q.id AND a.role = 'assistant'
        WHERE q.role = 'user' GROUP BY q.client_message_id`,
    );
    for (const r of rows) clusterStored.set(r.id, { questions: Number(r.questions), answers: Number(r.answers) });
    await client.end();
  }
  const clusterVerdict = verdict(two.turns, clusterStored);

  const report = {
    machine,
    clients: CLIENTS,
    secondsPerPhase: SECONDS,
    thinkMs: THINK_MS,
    single: { served: one.served, sent: one.turns.length, latencyMs: one.latency, ...singleVerdict },
    cluster: {
      served: two.served,
      sent: two.turns.length,
      latencyMs: two.latency,
      latencyMsWithoutTurnsSpanningTheKill: two.latencyWithoutKill,
      turnsSpanningTheKill: two.spannedKill,
      turnsResent: two.resent,
      killed: victim,
      websocketsPerInstanceBeforeTheKill: spread,
      websocketsPerInstanceAtTheEnd: afterKill,
      survivorExitCodeOnSigterm: stopCodes.filter((c) => c !== null),
      ...clusterVerdict,
    },
  };
  console.log(JSON.stringify(report, null, 2));
  if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  const row = (name: string, r: { served: number; sent: number; lost: number; duplicated: number; latencyMs: { p50: number | null; p99: number | null } }) =>
    `${name.padEnd(16)} served ${String(r.served).padStart(4)} / ${String(r.sent).padEnd(4)} lost ${r.lost}  duplicated ${r.duplicated}  p50 ${r.latencyMs.p50} ms  p99 ${r.latencyMs.p99} ms`;
  console.log(`\n${row('single instance', report.single)}\n${row('two instances', report.cluster)}`);
  const bad = report.single.lost + report.single.duplicated + report.cluster.lost + report.cluster.duplicated;
  exitCode = bad === 0 && report.cluster.served > 0 && !aborted ? 0 : 1;
  console.log(exitCode === 0 ? 'test:cluster passed: nothing lost, nothing duplicated' : 'test:cluster FAILED: messages were lost or duplicated (or the run gave up)');
} catch (err) {
  console.error(`test:cluster failed to run: ${(err as Error).stack ?? err}`);
} finally {
  for (const s of services.reverse()) await s.stop().catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(exitCode);
