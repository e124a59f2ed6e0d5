/**
 * `npm run test:load -- [--clients 20] [--seconds 20] [--think-ms 1000] [--turns 4] [--no-kill] [--flood-seconds 10]
 *   [--flood-messages 1000] [--flood-sockets 300] [--flood-http 300] [--json file]`
 *
 * A bounded load test on loopback only, against the offline model (no key, no network). It is not part of
 * `npm test` or CI.
 *
 * Phase 1: N widget-like clients, each on its own loopback address (127.0.0.10, .11, ...), chat for T seconds: a
 * visit is a socket and a conversation of a few turns, with a think time between turns. Halfway through the
 * server is killed with SIGKILL and started again on the same database; clients reconnect and resend whatever was
 * not answered with the same clientMessageId (a first message whose ack was lost is resent without its
 * conversationId). At the end the database is checked: every turn stored once, answered once, each visit in one
 * conversation.
 * Phase 2: while the clients keep chatting, one address (127.0.0.250) opens hundreds of sockets, floods one socket
 * with messages and floods POST /api/chat; the limits must hold and the others must still be served.
 * Reported: turns served, error rate, p50/p99 latency, lost and duplicated messages, peak server memory, /health
 * latency, what the flood got through.
 */
import Database from 'better-sqlite3';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { io, type Socket } from 'socket.io-client';
import { clientAddress, EVERYDAY_CONVERSATIONS, jitter, pct, sleep } from './lib/load-clients';

const { values: args } = parseArgs({
  options: {
    clients: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '20' },
    'think-ms': { type: 'string', default: '1000' },
    turns: { type: 'string', default: '4' },
    'no-kill': { type: 'boolean', default: false },
    'flood-seconds': { type: 'string', default: '10' },
    'flood-messages': { type: 'string', default: '1000' },
    'flood-sockets': { type: 'string', default: '300' },
    'flood-http': { type: 'string', default: '300' },
    json: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  strict: true,
});
if (args.help) {
  console.log(readFileSync(new URL(import.meta.url), 'utf8').split('*/')[0]);
  process.exit(0);
}
const int = (name: keyof typeof args, min: number, max: number) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < min || n > max) {
    console.error(`--${name} must be an integer from ${min} to ${max}`);
    process.exit(2);
  }
  return n;
};
const CLIENTS = int('clients', 1, 200);
const SECONDS = int('seconds', 2, 300);
const THINK_MS = int('think-ms', 0, 60_000);
const TURNS = int('turns', 1, 50);
const FLOOD_SECONDS = int('flood-seconds', 0, 120);
const FLOOD_MESSAGES = int('flood-messages', 0, 100_000);
const FLOOD_SOCKETS = int('flood-sockets', 0, 5000);
const FLOOD_HTTP = int('flood-http', 0, 100_000);
const KILL = !args['no-kill'];
// Everything is bounded: the run gives up (and says so) past this.
const HARD_LIMIT_MS = (SECONDS + FLOOD_SECONDS + 120) * 1000;

const HOST = '127.0.0.1';
const FLOOD_ADDRESS = '127.0.1.250';
const PROBE_ADDRESS = '127.0.1.251';



// --------------------------------------------------------------------------------------------------------------
// The server under test: `node scripts/start.mjs` (the compiled server), as `npm start` runs it.

const dir = mkdtempSync(join(tmpdir(), 'careline-load-'));
const dbPath = join(dir, 'load.db');
let server: ChildProcess | undefined;
let peakRssMb = 0;
const rssSamples: number[] = [];

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, HOST, r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

function startServer(port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: { PATH: process.env.PATH, HOST, PORT: String(port), DATABASE_PATH: dbPath, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr!.on('data', (d) => process.stderr.write(`[server] ${d}`));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (/running at/.test(out)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before it was ready`)));
  });
}

function sampleMemory() {
  if (!server?.pid) return;
  try {
    const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
    rssSamples.push(rss);
    peakRssMb = Math.max(peakRssMb, rss, hwm);
  } catch {
    // the process is between a kill and its restart
  }
}

/** GET /health from its own address; milliseconds, or null when it did not answer within 5 s. */
function probeHealth(port: number): Promise<number | null> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request({ host: HOST, port, path: '/health', localAddress: PROBE_ADDRESS, timeout: 5000 }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

// --------------------------------------------------------------------------------------------------------------
// A widget-like client.

type Turn = {
  clientMessageId: string;
  text: string;
  visit: number;
  started: number;
  finished?: number;
  messageId?: string;
  conversationId?: string;
  replyIds: Set<string>;
  sends: number;
  errors: string[];
  spannedKill: boolean;
  phase: 1 | 2;
};

type Ack = { conversationId: string; messageId: string; conversationSecret?: string } | { error: { code: string; message: string } };

class LoadClient {
  readonly turns: Turn[] = [];
  visits = 0;
  private stopAt = 0;
  constructor(
    readonly index: number,
    readonly url: string,
    readonly address: string,
  ) {}

  /** Chats, visit after visit, until `until`; finishes the visit's current turn (resending as needed) after it. */
  async run(until: number, phase: () => 1 | 2) {
    this.stopAt = until;
    while (Date.now() < this.stopAt && !aborted) await this.visit(phase);
  }

  private async visit(phase: () => 1 | 2) {
    const visit = ++this.visits;
    const script = EVERYDAY_CONVERSATIONS[(this.index + visit) % EVERYDAY_CONVERSATIONS.length];
    const socket = io(`${this.url}/chat`, {
      transports: ['websocket'],
      forceNew: true,
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      localAddress: this.address,
    } as Parameters<typeof io>[1]);
    let conversationId: string | undefined;
    let secret: string | undefined;
    try {
      for (let t = 0; t < Math.min(TURNS, script.length); t++) {
        if (Date.now() >= this.stopAt || aborted) break;
        const turn: Turn = {
          clientMessageId: crypto.randomUUID(),
          text: script[t],
          visit,
          started: Date.now(),
          replyIds: new Set(),
          sends: 0,
          errors: [],
          spannedKill: false,
          phase: phase(),
        };
        this.turns.push(turn);
        await new Promise<void>((resolve) => {
          let settled = false;
          const finish = () => {
            if (settled) return;
            settled = true;
            socket.off('done', onDone).off('connect', onConnect).off('error', onError);
            clearTimeout(giveUp);
            resolve();
          };
          const send = () => {
            if (settled || !socket.connected) return; // sent again on the next connect
            turn.sends++;
            const payload = { text: turn.text, clientMessageId: turn.clientMessageId, audience: 'patient', ...(conversationId ? { conversationId, conversationSecret: secret } : {}) };
            socket.timeout(8000).emit('message', payload, (err: Error | null, ack: Ack) => {
              if (settled) return;
              if (err) return send(); // no ack in time: resend with the same id
              if ('error' in ack) {
                turn.errors.push(ack.error.code);
                // The server is going down or this client was too fast: try again shortly, same id.
                setTimeout(send, ack.error.code === 'rate_limited' ? 3000 : 500);
                return;
              }
              conversationId = ack.conversationId;
              if (ack.conversationSecret) secret = ack.conversationSecret;
              turn.messageId = ack.messageId;
              turn.conversationId = ack.conversationId;
            });
          };
          const onDone = (d: { messageId: string; replyId: string }) => {
            if (d.messageId !== turn.messageId) return;
            turn.replyIds.add(d.replyId);
            turn.finished = Date.now();
            finish();
          };
          const onError = (e: { code: string; messageId?: string }) => {
            // An error after the ack (the reply failed): resend.
            if (e.messageId && e.messageId === turn.messageId) {
              turn.errors.push(e.code);
              send();
            }
          };
          const onConnect = () => send();
          // A turn not answered 60 s after the end of the run is lost (reported, never hidden).
          const giveUp = setTimeout(finish, Math.max(0, this.stopAt - Date.now()) + 60_000);
          socket.on('done', onDone).on('error', onError).on('connect', onConnect);
          send();
        });
        if (THINK_MS) await sleep(jitter(THINK_MS));
      }
    } finally {
      socket.close();
    }
  }
}

// --------------------------------------------------------------------------------------------------------------
// The flood, from one address.

async function floodSockets(url: string, n: number) {
  const sockets: Socket[] = [];
  const results = await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<'open' | 'refused'>((resolve) => {
          const s = io(`${url}/chat`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 10_000, localAddress: FLOOD_ADDRESS } as Parameters<typeof io>[1]);
          sockets.push(s);
          s.once('connect', () => resolve('open'));
          s.once('connect_error', () => resolve('refused'));
        }),
    ),
  );
  return { sockets: sockets.filter((s) => s.connected), open: results.filter((r) => r === 'open').length, refused: results.filter((r) => r === 'refused').length };
}

async function floodMessages(socket: Socket, n: number) {
  const started = performance.now();
  const acks = await Promise.all(
    Array.from({ length: n }, (_, i) => new Promise<Ack | null>((resolve) => socket.timeout(30_000).emit('message', { text: `flood message ${i} I have a cough`, clientMessageId: `flood-${i}-${crypto.randomUUID()}` }, (err: Error | null, ack: Ack) => resolve(err ? null : ack)))),
  );
  return {
    sentInMs: Math.round(performance.now() - started),
    accepted: acks.filter((a) => a && !('error' in a)).length,
    rateLimited: acks.filter((a) => a && 'error' in a && a.error.code === 'rate_limited').length,
    other: acks.filter((a) => !a || ('error' in a && a.error.code !== 'rate_limited')).length,
  };
}

async function floodHttp(port: number, n: number) {
  const statuses = await Promise.all(
    Array.from(
      { length: n },
      (_, i) =>
        new Promise<number>((resolve) => {
          const body = JSON.stringify({ message: `http flood ${i} I have a cough` });
          const req = request({ host: HOST, port, path: '/api/chat', method: 'POST', localAddress: FLOOD_ADDRESS, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: 30_000 }, (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          });
          req.on('timeout', () => req.destroy());
          req.on('error', () => resolve(0));
          req.end(body);
        }),
    ),
  );
  const count = (s: number) => statuses.filter((x) => x === s).length;
  return { ok: count(200), rateLimited: count(429), other: statuses.length - count(200) - count(429) };
}

// --------------------------------------------------------------------------------------------------------------

let aborted = false;

async function main() {
  const t0 = Date.now();
  const hard = setTimeout(() => {
    aborted = true;
    console.error(`load test: over its ${HARD_LIMIT_MS / 1000} s bound, stopping`);
  }, HARD_LIMIT_MS).unref();
  const port = await freePort();
  const url = `http://${HOST}:${port}`;
  console.error(`load test: ${CLIENTS} clients x ${SECONDS} s (think ${THINK_MS} ms, ${TURNS} turns a visit)${KILL ? ', kill -9 halfway' : ''}, then a ${FLOOD_SECONDS} s flood; server ${url}, db ${dbPath}`);
  const startedAt = performance.now();
  server = await startServer(port);
  const firstStartMs = Math.round(performance.now() - startedAt);
  sampleMemory();
  const idleRssMb = Math.round(rssSamples[0] ?? 0);
  const memTimer = setInterval(sampleMemory, 100);
  const health: { phase: 1 | 2; ms: number | null; at: number }[] = [];
  let phase: 1 | 2 = 1;
  const probeTimer = setInterval(() => {
    const at = Date.now();
    void probeHealth(port).then((ms) => health.push({ phase, ms, at }));
  }, 500);

  const clients = Array.from({ length: CLIENTS }, (_, i) => new LoadClient(i, url, clientAddress(i)));
  const phase1End = Date.now() + SECONDS * 1000;
  const allEnd = phase1End + FLOOD_SECONDS * 1000;
  const running = clients.map((c) => c.run(allEnd, () => phase));

  // kill -9 halfway through phase 1, then start again on the same database
  let kill: { at: number; downMs: number; restartMs: number; inFlight: number; inFlightAcked: number } | undefined;
  if (KILL) {
    await sleep((SECONDS * 1000) / 2);
    // Kill while replies are in progress (sent and not answered), waiting at most 5 s for a busy moment.
    const inFlight = () => clients.flatMap((c) => c.turns).filter((t) => t.sends > 0 && !t.finished);
    for (const until = Date.now() + 5000; inFlight().length < 3 && Date.now() < until; ) await sleep(2);
    const caught = inFlight();
    const at = Date.now();
    server.kill('SIGKILL');
    await new Promise((r) => server!.once('exit', r));
    const restartStarted = performance.now();
    server = await startServer(port);
    kill = { at, downMs: Date.now() - at, restartMs: Math.round(performance.now() - restartStarted), inFlight: caught.length, inFlightAcked: caught.filter((t) => t.messageId).length };
    console.error(`load test: killed (-9) and restarted in ${kill.downMs} ms`);
  }
  await sleep(Math.max(0, phase1End - Date.now()));

  // Phase 2: the flood, while the clients keep chatting
  phase = 2;
  let flood: Record<string, unknown> = {};
  if (FLOOD_SECONDS > 0) {
    const floodStarted = Date.now();
    const sockets = await floodSockets(url, FLOOD_SOCKETS);
    const messages = sockets.sockets[0] && FLOOD_MESSAGES ? await floodMessages(sockets.sockets[0], FLOOD_MESSAGES) : null;
    const http = FLOOD_HTTP ? await floodHttp(port, FLOOD_HTTP) : null;
    sockets.sockets.forEach((s) => s.close());
    flood = { sockets: { tried: FLOOD_SOCKETS, open: sockets.open, refused: sockets.refused }, messages, http, tookMs: Date.now() - floodStarted };
    console.error('load test: flood done', JSON.stringify(flood));
  }
  await Promise.all(running);
  clearInterval(probeTimer);

  // Graceful stop, then the database is the judge.
  const stopStarted = performance.now();
  server.kill('SIGTERM');
  const exitCode = await new Promise<number | null>((r) => server!.once('exit', (code) => r(code)));
  const stopMs = Math.round(performance.now() - stopStarted);
  clearInterval(memTimer);
  clearTimeout(hard);

  // Turns that were in progress, or started, while the server was down.
  if (kill) for (const c of clients) for (const t of c.turns) if (t.started <= kill.at + kill.downMs && (!t.finished || t.finished >= kill.at)) t.spannedKill = true;
  const db = new Database(dbPath, { readonly: true });
  const userRows = db.prepare("SELECT id, conversation_id FROM messages WHERE role = 'user' AND client_message_id = ?");
  const replies = db.prepare("SELECT count(*) FROM messages WHERE role = 'assistant' AND reply_to = ?").pluck();
  const turns = clients.flatMap((c) => c.turns.map((t) => ({ ...t, client: c.index })));
  let lost = 0;
  let duplicated = 0;
  let unanswered = 0;
  const problems: string[] = [];
  const visits = new Map<string, Set<string>>();
  for (const t of turns) {
    const rows = userRows.all(t.clientMessageId) as { id: string; conversation_id: string }[];
    if (!t.finished) unanswered++;
    if (rows.length === 0) {
      // Never accepted: lost only if the client was told it was (an ack) or gave up waiting.
      if (t.messageId || !t.finished) lost++;
      if (t.messageId) problems.push(`turn ${t.clientMessageId} acked but not stored`);
      continue;
    }
    if (rows.length > 1) {
      duplicated += rows.length - 1;
      problems.push(`turn ${t.clientMessageId} stored ${rows.length} times`);
    }
    const n = replies.get(rows[0].id) as number;
    if (n === 0) {
      lost++;
      problems.push(`turn ${t.clientMessageId} has no stored answer`);
    }
    if (n > 1) {
      duplicated += n - 1;
      problems.push(`turn ${t.clientMessageId} has ${n} stored answers`);
    }
    if (t.replyIds.size > 1) {
      duplicated += t.replyIds.size - 1;
      problems.push(`turn ${t.clientMessageId} got ${t.replyIds.size} different answers`);
    }
    const key = `${t.client}/${t.visit}`;
    if (!visits.has(key)) visits.set(key, new Set());
    visits.get(key)!.add(rows[0].conversation_id);
  }
  const splitVisits = [...visits.values()].filter((s) => s.size > 1).length;
  if (splitVisits) {
    duplicated += splitVisits;
    problems.push(`${splitVisits} visit(s) split over more than one conversation`);
  }
  const floodStored = db.prepare("SELECT count(*) FROM messages WHERE role = 'user' AND content LIKE 'flood message %'").pluck().get() as number;
  const httpFloodStored = db.prepare("SELECT count(*) FROM messages WHERE role = 'user' AND content LIKE 'http flood %'").pluck().get() as number;
  db.close();

  const summarise = (ts: typeof turns) => {
    const done = ts.filter((t) => t.finished);
    const latency = done.map((t) => t.finished! - t.started);
    const steady = done.filter((t) => !t.spannedKill).map((t) => t.finished! - t.started);
    return {
      turns: ts.length,
      served: done.length,
      perSecond: Number((done.length / (ts === turns ? SECONDS + FLOOD_SECONDS : ts[0]?.phase === 2 ? FLOOD_SECONDS : SECONDS)).toFixed(1)),
      errorRate: ts.length ? Number((ts.filter((t) => t.errors.length).length / ts.length).toFixed(4)) : 0,
      errors: Object.fromEntries([...new Set(ts.flatMap((t) => t.errors))].map((code) => [code, ts.filter((t) => t.errors.includes(code)).length])),
      resent: ts.filter((t) => t.sends > 1).length,
      latencyMs: { p50: pct(latency, 50), p99: pct(latency, 99), max: latency.length ? Math.max(...latency) : null },
      latencyWithoutKillMs: { p50: pct(steady, 50), p99: pct(steady, 99) },
    };
  };
  const healthOf = (p: 1 | 2) => {
    const hs = health.filter((h) => h.phase === p && !(kill && h.at >= kill.at && h.at <= kill.at + kill.downMs));
    const ok = hs.filter((h) => h.ms !== null).map((h) => h.ms!);
    return { probes: hs.length, unanswered: hs.length - ok.length, p50Ms: pct(ok, 50), maxMs: ok.length ? Math.round(Math.max(...ok)) : null };
  };
  const report = {
    machine: { nproc: cpus().length, cpu: cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` },
    settings: { clients: CLIENTS, seconds: SECONDS, thinkMs: THINK_MS, turnsPerVisit: TURNS, kill: KILL, floodSeconds: FLOOD_SECONDS, floodSockets: FLOOD_SOCKETS, floodMessages: FLOOD_MESSAGES, floodHttp: FLOOD_HTTP },
    server: { firstStartMs, kill: kill ? { downMs: kill.downMs, restartMs: kill.restartMs, repliesInFlight: kill.inFlight, ofThemAcked: kill.inFlightAcked } : null, idleRssMb, peakRssMb: Math.round(peakRssMb), gracefulStopMs: stopMs, exitCode },
    phase1: summarise(turns.filter((t) => t.phase === 1)),
    phase2: summarise(turns.filter((t) => t.phase === 2)),
    all: { ...summarise(turns), lost, duplicated, unanswered },
    health: { phase1: healthOf(1), phase2: healthOf(2) },
    flood: { ...flood, storedFromSocketFlood: floodStored, storedFromHttpFlood: httpFloodStored },
    problems: problems.slice(0, 20),
    tookS: Math.round((Date.now() - t0) / 1000),
  };
  if (args.json) writeFileSync(args.json, `${JSON.stringify(report, null, 2)}\n`);
  console.log(JSON.stringify(report, null, 2));
  const floodHeld =
    FLOOD_SECONDS === 0 ||
    ((flood.sockets as { open: number }).open < FLOOD_SOCKETS &&
      (!flood.messages || (flood.messages as { accepted: number }).accepted === floodStored) &&
      (!flood.http || (flood.http as { ok: number }).ok === httpFloodStored));
  const ok = lost === 0 && duplicated === 0 && exitCode === 0 && floodHeld && !aborted;
  console.error(ok ? 'load test: OK (nothing lost or duplicated, the limits held)' : 'load test: FAILED (see problems above)');
  return ok ? 0 : 1;
}

main()
  .then((code) => {
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  })
  .catch((err) => {
    console.error(err);
    server?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    process.exit(1);
  });
