/**
 * Announcements that staff sessions ended before their time: a logout, a
 * disabled account, a password reset. The /agent namespace listens and
 * disconnects the sockets of those sessions at once; a relay (Redis pub/sub,
 * when REDIS_URL is set) carries each announcement to every other server
 * process, and from the command-line tools to the servers.
 */
export type RevocationReason =
  | "logout"
  | "disabled"
  | "password_reset"
  | "expired"
  /** Ended elsewhere, found by a server's periodic session check. */
  | "revoked";

export interface SessionRevocation {
  userId: string;
  /** The one session that ended; null: every session of the user. */
  sessionId: string | null;
  reason: RevocationReason;
}

type Listener = (r: SessionRevocation) => void;
type Relay = (r: SessionRevocation) => Promise<void>;

export class SessionRevocationBus {
  private readonly listeners = new Set<Listener>();
  private readonly relays = new Set<Relay>();

  /** Hears every revocation, from this process or relayed from another. */
  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Passes revocations published here on to other processes. */
  relay(relay: Relay): () => void {
    this.relays.add(relay);
    return () => this.relays.delete(relay);
  }

  /**
   * Announces a revocation here and through the relays. Resolves when the
   * relays have sent it; a relay that fails has logged why (the periodic
   * session check still ends those sockets).
   */
  async publish(r: SessionRevocation): Promise<void> {
    this.deliver(r);
    await Promise.allSettled([...this.relays].map((relay) => relay(r)));
  }

  /** A revocation relayed from another process: listeners here only. */
  deliver(r: SessionRevocation): void {
    for (const listener of this.listeners) listener(r);
  }
}
