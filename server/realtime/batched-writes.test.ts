import { Socket as NetSocket, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { wrap } from './batched-writes';

/** A TCP pair on loopback; the server side records how many writes reached it and the bytes, in order. */
async function tcpPair() {
  const received: Buffer[] = [];
  const server = createServer((s) => s.on('data', (d) => received.push(d)));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const client = new NetSocket();
  await new Promise<void>((r) => client.connect((server.address() as { port: number }).port, '127.0.0.1', r));
  const syscalls: number[] = [];
  const s = client as unknown as { _writev: (chunks: unknown[], cb: () => void) => void; _write: (c: unknown, e: string, cb: () => void) => void };
  const writev = s._writev.bind(client);
  const write = s._write.bind(client);
  s._writev = (chunks, cb) => (syscalls.push(chunks.length), writev(chunks, cb));
  s._write = (c, e, cb) => (syscalls.push(1), write(c, e, cb));
  return {
    client,
    syscalls,
    text: async () => {
      await new Promise((r) => setTimeout(r, 50));
      return Buffer.concat(received).toString();
    },
    close: () => (client.destroy(), new Promise((r) => server.close(r))),
  };
}

/** A stand-in for engine.io's WebSocket transport: one write per packet, as the WebSocket library makes them. */
const transport = (raw: NetSocket, name = 'websocket') => ({
  name,
  socket: { _socket: raw },
  send(packets: unknown[]) {
    for (const p of packets) raw.write(String(p));
  },
});

describe('packets sent together', () => {
  it('go out in one write, the same bytes in the same order', async () => {
    const pair = await tcpPair();
    const t = transport(pair.client);
    wrap(t);
    t.send(['a', 'b', 'c', 'd']);
    expect(pair.syscalls).toEqual([4]);
    t.send(['e']);
    expect(await pair.text()).toBe('abcde');
    await pair.close();
  });

  it('are left alone on any other transport (long-polling writes its own way)', async () => {
    const pair = await tcpPair();
    const t = transport(pair.client, 'polling');
    wrap(t);
    t.send(['a', 'b', 'c']);
    expect(pair.syscalls.length).toBeGreaterThan(1);
    expect(await pair.text()).toBe('abc');
    await pair.close();
  });
});
