import { SessionAwareAdapter } from 'socket.io-adapter';

type Internals = { packets: unknown[]; sessions: Map<string, unknown> };

/**
 * Socket.IO's connection-state recovery with a memory bound. The stock in-memory adapter keeps every packet sent
 * (each streamed token is one) for the whole recovery window, whatever the traffic: under a flood that is
 * hundreds of megabytes. This one keeps at most `maxPackets` packets and as many disconnected sessions, dropping
 * the oldest. A client whose missed packets were dropped simply gets a fresh session (as after the window ends),
 * and resends its message with the same clientMessageId, which replays the stored answer.
 */
export function boundedRecoveryAdapter(maxPackets: number) {
  // Trim in steps, not on every packet: one splice per `slack` packets keeps the cost flat.
  const slack = Math.max(16, Math.floor(maxPackets / 10));
  return class BoundedSessionAdapter extends SessionAwareAdapter {
    override broadcast(packet: unknown, opts: Parameters<SessionAwareAdapter['broadcast']>[1]) {
      super.broadcast(packet, opts);
      const { packets } = this as unknown as Internals;
      if (packets.length > maxPackets + slack) packets.splice(0, packets.length - maxPackets);
    }

    override persistSession(session: Parameters<SessionAwareAdapter['persistSession']>[0]) {
      super.persistSession(session);
      const { sessions } = this as unknown as Internals;
      // A Map iterates in insertion order: the first keys are the oldest sessions.
      for (const pid of sessions.keys()) {
        if (sessions.size <= maxPackets) break;
        sessions.delete(pid);
      }
    }

    /** For tests and the load report. */
    get recoveryBuffer() {
      const { packets, sessions } = this as unknown as Internals;
      return { packets: packets.length, sessions: sessions.size };
    }
  };
}
