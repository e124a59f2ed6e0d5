import { io as connect, type Socket } from 'socket.io-client';

export type Event = { name: string; payload: any };

/** A real Socket.IO client on /chat; rejects on connect_error (no reconnection, so a refusal is final). */
export function connectClient(url: string, options: { auth?: Record<string, string>; headers?: Record<string, string>; transports?: string[] } = {}): Promise<Socket> {
  const socket = connect(`${url}/chat`, {
    transports: options.transports ?? ['websocket'],
    auth: options.auth,
    extraHeaders: options.headers,
    forceNew: true,
    reconnection: false,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Sends one message and records the ack and every event for its messageId until `done` or `error`. */
export function exchange(socket: Socket, payload: Record<string, unknown>, onAck?: (ack: any) => void): Promise<{ ack: any; events: Event[] }> {
  return new Promise((resolve) => {
    const events: Event[] = [];
    let ack: any;
    let messageId: string | undefined;
    const pending: Event[] = [];
    const finish = () => {
      socket.off('triage', onTriage).off('token', onToken).off('done', onDone).off('error', onError);
      resolve({ ack, events });
    };
    const mine = (p: any) => !p?.messageId || p.messageId === messageId;
    const record = (name: string, p: any) => {
      if (messageId === undefined) return void pending.push({ name, payload: p });
      if (!mine(p)) return;
      events.push({ name, payload: p });
      if (name === 'done') finish();
    };
    const onTriage = (p: any) => record('triage', p);
    const onToken = (p: any) => record('token', p);
    const onDone = (p: any) => record('done', p);
    let sawError = false;
    const onError = (p: any) => {
      // After a successful ack, an error event is ours only if it names our message.
      if (messageId !== undefined && p?.messageId !== messageId) return;
      events.push({ name: 'error', payload: p });
      sawError = true;
      if (ack?.error || messageId !== undefined) finish();
    };
    socket.on('triage', onTriage).on('token', onToken).on('done', onDone).on('error', onError);
    socket.emit('message', payload, (a: any) => {
      ack = a;
      events.unshift({ name: 'ack', payload: a });
      onAck?.(a);
      if (a?.error) {
        // The server also sends an `error` event for a refused message: finish once both have arrived.
        if (sawError) finish();
        return;
      }
      messageId = a.messageId;
      for (const e of pending.splice(0)) record(e.name, e.payload);
    });
  });
}
