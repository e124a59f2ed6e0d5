/**
 * A tiny load balancer with sticky sessions, for running several instances here without containers (and in the
 * compose file): HTTP and WebSocket upgrades are passed through to one of the backends, chosen by a hash of the
 * client's address (nginx's ip_hash), so a client's Socket.IO long-polling requests and its reconnections reach
 * the same instance. A backend that refuses a connection or fails its /ready check is skipped until it answers
 * again, and its clients go to the next one. X-Forwarded-For carries the client's address (set TRUST_PROXY on the
 * instances). It is a test and demo tool: a production deployment puts nginx, HAProxy or a cloud balancer here.
 */
import { createHash } from 'node:crypto';
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';

export type Backend = { host: string; port: number; up: boolean; /** WebSocket connections passed to it so far. */ upgrades: number };
export type Balancer = { server: Server; backends: Backend[]; close(): Promise<void> };

const hashOf = (s: string) => createHash('sha1').update(s).digest().readUInt32BE(0);
const clientAddress = (req: IncomingMessage) => (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');

export function createBalancer(targets: { host: string; port: number }[], options: { checkEveryMs?: number } = {}): Balancer {
  const backends: Backend[] = targets.map((t) => ({ ...t, up: true, upgrades: 0 }));

  /** The client's backend, then the others in order: the first one up is tried first. */
  const candidates = (req: IncomingMessage) => {
    const start = hashOf(clientAddress(req)) % backends.length;
    const order = backends.map((_, i) => backends[(start + i) % backends.length]);
    return [...order.filter((b) => b.up), ...order.filter((b) => !b.up)];
  };

  const forwardedFor = (req: IncomingMessage) => {
    const prior = req.headers['x-forwarded-for'];
    return prior ? `${prior}, ${clientAddress(req)}` : clientAddress(req);
  };

  const server = createServer((req, res) => {
    // The body is read first (Careline's requests are small), so a request refused by a dead instance can be sent
    // to the next one whole.
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => attempt(0));
    const tries = candidates(req);
    const attempt = (i: number) => {
      const b = tries[i];
      if (!b) {
        res.writeHead(502, { 'content-type': 'application/json' }).end('{"error":{"code":"unavailable","message":"No instance is available."}}');
        return;
      }
      const upstream = request(
        { host: b.host, port: b.port, method: req.method, path: req.url, headers: { ...req.headers, 'x-forwarded-for': forwardedFor(req) } },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', (err: NodeJS.ErrnoException) => {
        // Refused: nothing reached that instance (it is down), so the next one gets the request.
        if (err.code === 'ECONNREFUSED' && !res.headersSent) {
          b.up = false;
          return attempt(i + 1);
        }
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      upstream.end(Buffer.concat(chunks));
    };
  });

  const upgraded = new Set<Socket>();
  server.on('upgrade', (req, client: Socket, head) => {
    upgraded.add(client);
    client.on('close', () => upgraded.delete(client));
    const tries = candidates(req);
    const attempt = (i: number) => {
      const b = tries[i];
      if (!b) return client.destroy();
      const upstream = connect(b.port, b.host);
      upstream.once('connect', () => {
        b.upgrades++;
        const headers = { ...req.headers, 'x-forwarded-for': forwardedFor(req) };
        const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
        for (const [k, v] of Object.entries(headers)) for (const value of Array.isArray(v) ? v : [v]) if (value !== undefined) lines.push(`${k}: ${value}`);
        upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
        if (head.length) upstream.write(head);
        upstream.pipe(client).pipe(upstream);
      });
      upstream.once('error', () => {
        if (upstream.bytesWritten === 0) {
          b.up = false;
          return attempt(i + 1);
        }
        client.destroy();
      });
      upstream.on('close', () => client.destroy());
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
    };
    attempt(0);
  });

  // Readiness: an instance that does not answer /ready with 200 gets no new clients until it does.
  const timer = setInterval(() => {
    for (const b of backends) {
      const r = request({ host: b.host, port: b.port, path: '/ready', timeout: 2000 }, (res) => {
        b.up = res.statusCode === 200;
        res.resume();
      });
      r.on('timeout', () => r.destroy());
      r.on('error', () => (b.up = false));
      r.end();
    }
  }, options.checkEveryMs ?? 1000);
  timer.unref();

  return {
    server,
    backends,
    async close() {
      clearInterval(timer);
      for (const s of upgraded) s.destroy();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
