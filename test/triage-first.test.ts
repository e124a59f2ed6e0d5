import type { Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { answerable, gatedModel } from './helpers/models';
import { startTestServer, type TestServer } from './helpers/server';
import { connectClient, exchange } from './helpers/sockets';

/**
 * The emergency instruction goes out first, whatever else the server is doing: a message's `triage` event is on the
 * wire before that turn's retrieval starts, and reaches its client while other clients' turns are in progress.
 * Behaviour only: nothing here measures time.
 */
let srv: TestServer | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  sockets.splice(0).forEach((s) => s.disconnect());
  await srv?.close();
  srv = undefined;
});
const client = async (url: string) => {
  const s = await connectClient(url);
  sockets.push(s);
  return s;
};
const EMERGENCY = "I have crushing chest pain and I can't breathe";

describe('the triage event comes first under load', () => {
  it('reaches a client while other clients are waiting for their answers', async () => {
    const gated = gatedModel();
    srv = await startTestServer({ model: gated.model });
    const busy = await Promise.all([0, 1, 2, 3].map(() => client(srv!.url)));
    const done = busy.map((s, i) => exchange(s, { text: answerable(i), clientMessageId: `busy-${i}` }));
    let finished = 0;
    done.forEach((d) => void d.then(() => finished++));
    await gated.started(4);

    const urgent = await client(srv.url);
    const triage = await new Promise<any>((resolve) => {
      urgent.once('triage', resolve);
      urgent.emit('message', { text: EMERGENCY, clientMessageId: 'urgent-1' });
    });
    expect(triage).toMatchObject({ level: 'emergency_ambulance', emergency: true });
    expect(triage.advice).toMatch(/Call 911 now/);
    expect(finished).toBe(0);
    expect(srv.app.conversations.inflight).toBe(5);

    gated.release();
    const results = await Promise.all(done);
    for (const r of results) expect(r.events.at(-1)!.name).toBe('done');
  });

  it("hands the triage packet to the socket before the turn's retrieval starts", async () => {
    srv = await startTestServer();
    const socket = await client(srv.url);
    const [serverSocket] = srv.app.io.of('/chat').sockets.values();
    const waiting: number[] = [];
    const retriever = srv.app.retriever;
    const search = retriever.searchHybrid.bind(retriever);
    // What the transport still holds back when retrieval begins (the ack and the triage event were emitted before).
    retriever.searchHybrid = (...args) => {
      waiting.push((serverSocket.conn as unknown as { writeBuffer: unknown[] }).writeBuffer.length);
      return search(...args);
    };
    for (const [i, text] of [EMERGENCY, 'I have a mild sunburn on my shoulders and it stings', 'my 3 year old has a temperature of 39 and a rash that does not fade'].entries()) {
      const { events } = await exchange(socket, { text, clientMessageId: `order-${i}` });
      expect(events.map((e) => e.name).slice(0, 2)).toEqual(['ack', 'triage']);
    }
    expect(waiting).toEqual([0, 0, 0]);
  });
});
