import type { IncomingMessage } from 'node:http';
import type { Server } from 'socket.io';
import type { Config } from '../config';
import type { ClientIp } from '../http/client-ip';
import { originAllowed } from '../http/client-ip';
import { ConnectionCounter } from '../limits';

const COUNTED = Symbol('careline.counted');
const CONNECTED = Symbol('careline.connected');
type Counted = IncomingMessage & { [COUNTED]?: { ip: string; released: boolean }; [CONNECTED]?: () => void };

/**
 * Who may open a Socket.IO connection, decided at the handshake (before any state is kept for it):
 * - a browser page from another origin only if it is in ALLOWED_ORIGINS (`forbidden`);
 * - at most MAX_SOCKETS_PER_IP connections per client address (`rate_limited`);
 * - nobody while the server is shutting down (`unavailable`).
 * The refusal's message is the stable error code: a polling handshake gets 403 `{ code, message: "rate_limited" }`,
 * a WebSocket upgrade an HTTP error whose body is the code.
 */
export function createConnectionGuard(config: Config, clientIp: ClientIp, isDraining: () => boolean) {
  const counter = new ConnectionCounter(config.limits.socketsPerIp);

  const release = (req: Counted) => {
    const c = req[COUNTED];
    if (!c || c.released) return;
    c.released = true;
    counter.close(c.ip);
  };

  return {
    counter,
    allowRequest(req: IncomingMessage, callback: (err: string | null | undefined, success: boolean) => void) {
      if (isDraining()) return callback('unavailable', false);
      if (!originAllowed(req.headers.origin, req.headers.host, config.allowedOrigins)) return callback('forbidden', false);
      const ip = clientIp.of(req);
      if (!counter.tryOpen(ip)) return callback('rate_limited', false);
      // Counted from now: released when the connection closes, or when the handshake never became one.
      (req as Counted)[COUNTED] = { ip, released: false };
      let connected = false;
      (req as Counted)[CONNECTED] = () => {
        connected = true;
      };
      req.socket.once('close', () => {
        if (!connected) release(req as Counted);
      });
      callback(null, true);
    },
    /** Ties the count to the engine connection's lifetime. */
    attach(io: Server) {
      io.engine.on('connection', (raw: { request: Counted; once(e: 'close', f: () => void): void }) => {
        raw.request[CONNECTED]?.();
        raw.once('close', () => release(raw.request));
      });
      io.engine.on('connection_error', (e: { req: Counted }) => release(e.req));
    },
  };
}
