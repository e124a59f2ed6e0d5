import { describe, expect, it } from 'vitest';
import type { TriageResult } from '../triage';
import { createInflight } from './inflight';
import type { DonePayload } from './types';

const done = (id: string) => ({ messageId: id, replyId: `r-${id}` }) as DonePayload;

describe('the in-flight registry', () => {
  it('runs the work once per key; a second caller joins, hearing the ack and triage so far, then the rest', async () => {
    const inflight = createInflight<{ n: number }>();
    let release!: () => void;
    let runs = 0;
    const heard: string[] = [];
    const first = inflight.run('k', { n: 1 }, {}, async (ev) => {
      runs++;
      ev.accepted({ conversationId: 'c', messageId: 'm', duplicate: false });
      ev.triage({ conversationId: 'c', messageId: 'm', triage: {} as TriageResult, act: 'symptoms' });
      await new Promise<void>((r) => (release = r));
      ev.token({ messageId: 'm', delta: 'later' });
      return done('m');
    });
    const second = inflight.run(
      'k',
      { n: 2 },
      { accepted: () => heard.push('ack'), triage: () => heard.push('triage'), token: (t) => heard.push(t.delta) },
      async () => {
        throw new Error('must not run');
      },
    );
    expect(second.joined).toBe(true);
    expect(second.entry.meta).toEqual({ n: 1 });
    expect(heard).toEqual(['ack', 'triage']);
    release();
    expect(await second.entry.promise).toBe(await first.entry.promise);
    expect(heard).toEqual(['ack', 'triage', 'later']);
    expect(runs).toBe(1);
    expect(inflight.get('k')).toBeUndefined();
    expect(inflight.size).toBe(0);
  });

  it('drains: waits for replies in progress, and hands back the ones still running at the bound', async () => {
    const inflight = createInflight();
    let release!: () => void;
    inflight.run(null, undefined, {}, () => new Promise<DonePayload>((r) => (release = () => r(done('a')))));
    inflight.run(null, undefined, {}, () => new Promise<DonePayload>(() => {}));
    setTimeout(() => release(), 0);
    const left = await inflight.drain(50);
    expect(left).toHaveLength(1);
    expect(inflight.size).toBe(1);
  });

  it('keeps going when one listener throws', async () => {
    const inflight = createInflight();
    const got: string[] = [];
    inflight.run('k', undefined, { token: () => { throw new Error('socket gone'); } }, async (ev) => {
      await Promise.resolve();
      ev.token({ messageId: 'm', delta: 'x' });
      return done('m');
    });
    const joined = inflight.run('k', undefined, { token: (t) => got.push(t.delta) }, async () => done('never'));
    await joined.entry.promise;
    expect(got).toEqual(['x']);
  });
});
