/**
 * Socket.IO turns against the running server, as widgets do it: each client on its own loopback address opens a
 * websocket on /chat and has a conversation (turns one after another, no think time). For every turn: time to the
 * `triage` event (the emergency instruction), to the first `token`, to `done`, measured at the client from its
 * `message` emit. Also a mock OpenAI-compatible model with a fixed delay, to measure what the server adds in front
 * of the model.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { HOST, type Running } from './server';
import { stats } from './lib';
import { clientAddress, EVERYDAY_CONVERSATIONS } from '../scripts/lib/load-clients';

/**
 * Conversations of a few turns: the load scripts' everyday ones, with an emergency in the fifth place (where the
 * everyday cough conversation is), so the bench also measures an emergency turn.
 */
export const SCRIPTS = EVERYDAY_CONVERSATIONS.map((c, i) =>
  i === 4 ? ["I have crushing chest pain and I can't breathe", 'it started 10 minutes ago', 'I am 58', 'what should I do?'] : c,
);


type TurnTimes = { triageMs: number | null; firstTokenMs: number | null; doneMs: number | null; error?: string };

function connect(url: string, i: number): Promise<Socket> {
  const socket = io(`${url}/chat`, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 20_000, localAddress: clientAddress(i) } as Parameters<typeof io>[1]);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** One turn: emits `message`, resolves at `done` (or an error, or the time limit). */
function turn(socket: Socket, payload: Record<string, unknown>, limitMs: number): Promise<TurnTimes & { conversationId?: string; secret?: string }> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    let messageId: string | undefined;
    const out: TurnTimes & { conversationId?: string; secret?: string } = { triageMs: null, firstTokenMs: null, doneMs: null };
    const early: { name: string; id: string; at: number }[] = [];
    const seen = (name: 'triage' | 'token' | 'done', id: string, at: number) => {
      if (messageId === undefined) return void early.push({ name, id, at });
      if (id !== messageId) return;
      if (name === 'triage') out.triageMs ??= at - t0;
      if (name === 'token') out.firstTokenMs ??= at - t0;
      if (name === 'done') {
        out.doneMs = at - t0;
        finish();
      }
    };
    const onTriage = (p: { messageId: string }) => seen('triage', p.messageId, performance.now());
    const onToken = (p: { messageId: string }) => seen('token', p.messageId, performance.now());
    const onDone = (p: { messageId: string }) => seen('done', p.messageId, performance.now());
    const onError = (p: { code: string; messageId?: string }) => {
      if (p.messageId && p.messageId !== messageId) return;
      out.error = p.code;
      finish();
    };
    const timer = setTimeout(() => {
      out.error ??= 'timeout';
      finish();
    }, limitMs);
    function finish() {
      clearTimeout(timer);
      socket.off('triage', onTriage).off('token', onToken).off('done', onDone).off('error', onError);
      resolve(out);
    }
    socket.on('triage', onTriage).on('token', onToken).on('done', onDone).on('error', onError);
    socket.emit('message', payload, (ack: { messageId?: string; conversationId?: string; conversationSecret?: string; error?: { code: string } }) => {
      if (ack.error) {
        out.error = ack.error.code;
        return finish();
      }
      messageId = ack.messageId;
      out.conversationId = ack.conversationId;
      out.secret = ack.conversationSecret;
      for (const e of early.splice(0)) seen(e.name as 'triage', e.id, e.at);
    });
  });
}

export type LoadResult = {
  clients: number;
  turns: number;
  errors: Record<string, number>;
  wallMs: number;
  turnsPerSecond: number;
  triage: ReturnType<typeof stats>;
  firstToken: ReturnType<typeof stats>;
  done: ReturnType<typeof stats>;
  serverRssMb: { before: number | null; peak: number | null; after: number | null };
};

/**
 * `clients` clients at once, each `turns` turns of one conversation. Bounded: a turn gives up after `turnLimitMs`.
 * `scripts` overrides the conversations (the mock-model run asks questions the library answers).
 */
export async function socketLoad(server: Running, opts: { clients: number; turns: number; turnLimitMs?: number; scripts?: string[][] }): Promise<LoadResult> {
  const scripts = opts.scripts ?? SCRIPTS;
  const sockets = await Promise.all(Array.from({ length: opts.clients }, (_, i) => connect(server.url, i)));
  const before = server.rssMb();
  let peak = before ?? 0;
  const sampler = setInterval(() => (peak = Math.max(peak, server.rssMb() ?? 0)), 50);
  const all: TurnTimes[] = [];
  const t0 = performance.now();
  await Promise.all(
    sockets.map(async (socket, i) => {
      const script = scripts[i % scripts.length];
      let conversation: { conversationId?: string; conversationSecret?: string } = {};
      for (let k = 0; k < opts.turns; k++) {
        const r = await turn(socket, { text: script[k % script.length], clientMessageId: crypto.randomUUID(), audience: 'patient', ...conversation }, opts.turnLimitMs ?? 60_000);
        all.push(r);
        if (r.conversationId && !conversation.conversationId) conversation = { conversationId: r.conversationId, conversationSecret: r.secret };
      }
    }),
  );
  const wallMs = performance.now() - t0;
  clearInterval(sampler);
  peak = Math.max(peak, server.rssMb() ?? 0);
  for (const s of sockets) s.close();
  // Memory once the burst is over (the sockets closed, a moment for the server to let go).
  await new Promise((r) => setTimeout(r, 1000));
  const ok = all.filter((t) => !t.error);
  const errors: Record<string, number> = {};
  for (const t of all) if (t.error) errors[t.error] = (errors[t.error] ?? 0) + 1;
  return {
    clients: opts.clients,
    turns: all.length,
    errors,
    wallMs: Math.round(wallMs),
    turnsPerSecond: Math.round((ok.length / wallMs) * 1000 * 10) / 10,
    triage: stats(ok.map((t) => t.triageMs!).filter((x) => x !== null)),
    firstToken: stats(ok.map((t) => t.firstTokenMs).filter((x): x is number => x !== null)),
    done: stats(ok.map((t) => t.doneMs!)),
    serverRssMb: { before, peak: peak || null, after: server.rssMb() },
  };
}

/**
 * A mock OpenAI-compatible chat completions endpoint: waits `delayMs`, then streams a cited answer a sentence at a
 * time (each sentence in word chunks written together). Records when each request arrived, so the server's work
 * before the model call is measured on one clock.
 */
export async function mockModel(delayMs: number): Promise<{ url: string; arrivals: number[]; close: () => Promise<void> }> {
  const arrivals: number[] = [];
  const sentences = [
    'Cool the skin with a cool damp cloth or a cool shower [1]. ',
    'Drink plenty of water to replace lost fluids [1]. ',
    'Get medical help if you feel unwell, dizzy or have a high temperature [1].',
  ];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    arrivals.push(performance.now());
    req.resume();
    req.on('end', async () => {
      if (!req.url?.includes('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      await new Promise((r) => setTimeout(r, delayMs));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      const chunk = (content: string, finish: string | null = null) =>
        `data: ${JSON.stringify({ id: 'mock', object: 'chat.completion.chunk', created: 0, model: 'mock', choices: [{ index: 0, delta: finish ? {} : { content }, finish_reason: finish }] })}\n\n`;
      for (const s of sentences) {
        res.write(s.split(/(?<= )/).map((w) => chunk(w)).join(''));
        await new Promise((r) => setTimeout(r, 5));
      }
      res.write(chunk('', 'stop'));
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((r) => server.listen(0, HOST, r));
  const port = (server.address() as { port: number }).port;
  return { url: `http://${HOST}:${port}/v1`, arrivals, close: () => new Promise((r) => server.close(() => r())) };
}
