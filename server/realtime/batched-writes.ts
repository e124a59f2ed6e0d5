import type { Server } from 'socket.io';

type Cork = { cork(): void; uncork(): void };
type Transport = { name?: string; send(packets: unknown[]): void; socket?: { _socket?: Partial<Cork> } };
type EngineSocket = { transport?: Transport; on(event: 'upgrade', listener: (transport: Transport) => void): void };

const batched = new WeakSet<Transport>();

/**
 * One write to the connection for the packets engine.io sends together. While a write is in flight engine.io
 * queues the packets that follow (the `token`s of a reply, its `done`) and then sends them in one `send`, but the
 * WebSocket library writes each frame on its own: a system call per packet, the largest single item of a turn's
 * own work on the main thread (12 a turn for the offline composer). Corked for the length of that `send`, the
 * frames go out in one `writev`, in the same order, with the same bytes; nothing waits for it (the uncork is
 * synchronous). Only the WebSocket transport is wrapped, and only when it has the shape this expects (the library
 * keeps the TCP socket as `_socket`); otherwise nothing changes.
 */
export function batchWebSocketWrites(io: Server): void {
  io.engine.on('connection', (socket: EngineSocket) => {
    wrap(socket.transport);
    socket.on('upgrade', wrap);
  });
}

/** Wraps one transport (exported for its test). */
export function wrap(transport: Transport | undefined): void {
  const raw = transport?.socket?._socket;
  if (!transport || transport.name !== 'websocket' || batched.has(transport) || typeof raw?.cork !== 'function' || typeof raw.uncork !== 'function') return;
  batched.add(transport);
  const send = transport.send;
  transport.send = function (this: Transport, packets: unknown[]) {
    if (packets.length < 2) return send.call(this, packets);
    raw.cork!();
    try {
      send.call(this, packets);
    } finally {
      raw.uncork!();
    }
  };
}
