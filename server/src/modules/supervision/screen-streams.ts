/** What the big-screen event streams of one server process may hold. */
export interface ScreenStreamLimits {
  /** Most streams open at once (each holds a connection and a subscription). */
  total: number;
  /** Of `total`, kept for hall screens that present a key: anonymous streams never take these. */
  reservedForKeyed: number;
  /** Anonymous streams one client address may hold at once. */
  perAddress: number;
  /** Anonymous streams end after this long; a real screen's EventSource reconnects by itself within seconds. */
  anonymousLifetimeMs: number;
  /** A comment line goes out this often; a stream whose previous one is still unsent is stalled and dropped. */
  heartbeatMs: number;
}

/** Streams of one key at once: a screen reloading may briefly overlap its old line; more means the key is shared. */
export const STREAMS_PER_KEY = 2;

/** The writable end of one stream (the HTTP response). */
export interface ScreenStreamSink {
  /** Bytes written and not yet taken by the client's connection. */
  readonly writableLength: number;
  write(chunk: string): unknown;
}

export type EndReason = 'closed' | 'lifetime' | 'stalled' | 'replaced' | 'revoked' | 'shutdown';

export interface OpenStream {
  readonly address: string;
  readonly keyId: number | undefined;
  readonly openedAt: number;
  /** Ends the stream (idempotent): stops its timers, runs its cleanup, leaves the registry. */
  end(reason: EndReason): void;
}

export type Admission = { ok: true; stream: OpenStream } | { ok: false; reason: 'address' | 'full' };

interface Entry extends OpenStream {
  sink: ScreenStreamSink;
  /** The unsent byte count seen at the last heartbeat (0 = everything had gone out). */
  backlog: number;
  lifetime?: NodeJS.Timeout;
}

/**
 * The open big-screen streams of a server process, and the rules that keep one client from
 * holding them all: a per-address cap on anonymous streams, capacity reserved for keyed hall
 * screens, a lifetime for anonymous streams (so a held slot has to be won again), and a heartbeat
 * that drops streams whose client stopped reading.
 */
export class ScreenStreams {
  private readonly open = new Set<Entry>();
  private heartbeat: NodeJS.Timeout | undefined;

  constructor(readonly limits: ScreenStreamLimits) {}

  /**
   * Admits a stream, or says why not. `onEnd` runs once when the stream ends for any reason
   * (the client left, its lifetime ran out, it stalled, its key was revoked or replaced).
   */
  admit(request: { address: string; keyId?: number; sink: ScreenStreamSink; onEnd: (reason: EndReason) => void }): Admission {
    const { address, keyId, sink, onEnd } = request;
    if (keyId === undefined) {
      const anonymous = [...this.open].filter((s) => s.keyId === undefined);
      if (anonymous.filter((s) => s.address === address).length >= this.limits.perAddress) return { ok: false, reason: 'address' };
      if (anonymous.length >= this.limits.total - this.limits.reservedForKeyed || this.open.size >= this.limits.total) return { ok: false, reason: 'full' };
    } else {
      const sameKey = [...this.open].filter((s) => s.keyId === keyId).sort((a, b) => a.openedAt - b.openedAt);
      // The screen came back (or a second one shares its key): the oldest line of that key gives way.
      for (const old of sameKey.slice(0, Math.max(0, sameKey.length - STREAMS_PER_KEY + 1))) old.end('replaced');
      const keyed = [...this.open].filter((s) => s.keyId !== undefined).length;
      if (keyed >= this.limits.reservedForKeyed && this.open.size >= this.limits.total) return { ok: false, reason: 'full' };
    }
    let ended = false;
    const entry: Entry = {
      address,
      keyId,
      openedAt: Date.now(),
      sink,
      backlog: 0,
      end: (reason) => {
        if (ended) return;
        ended = true;
        if (entry.lifetime) clearTimeout(entry.lifetime);
        this.open.delete(entry);
        if (!this.open.size && this.heartbeat) {
          clearInterval(this.heartbeat);
          this.heartbeat = undefined;
        }
        onEnd(reason);
      },
    };
    if (keyId === undefined) {
      entry.lifetime = setTimeout(() => entry.end('lifetime'), this.limits.anonymousLifetimeMs);
      entry.lifetime.unref();
    }
    this.open.add(entry);
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => this.beat(), this.limits.heartbeatMs);
      this.heartbeat.unref();
    }
    return { ok: true, stream: entry };
  }

  /** One heartbeat: streams still holding the previous beat's bytes are dropped, the others get a comment line. */
  private beat(): void {
    for (const entry of [...this.open]) {
      const backlog = entry.sink.writableLength;
      if (backlog > 0 && entry.backlog > 0) {
        entry.end('stalled');
        continue;
      }
      entry.backlog = backlog;
      entry.sink.write(': keep-alive\n\n');
    }
  }

  /** Ends every stream of a key (it was revoked). */
  endKey(keyId: number, reason: EndReason = 'revoked'): void {
    for (const entry of [...this.open]) if (entry.keyId === keyId) entry.end(reason);
  }

  /** Open streams per key id, for the administrator's list. */
  openByKey(): Map<number, number> {
    const counts = new Map<number, number>();
    for (const entry of this.open) if (entry.keyId !== undefined) counts.set(entry.keyId, (counts.get(entry.keyId) ?? 0) + 1);
    return counts;
  }

  get size(): { total: number; keyed: number; anonymous: number } {
    const keyed = [...this.open].filter((s) => s.keyId !== undefined).length;
    return { total: this.open.size, keyed, anonymous: this.open.size - keyed };
  }

  /** Ends everything (server shutdown). */
  closeAll(): void {
    for (const entry of [...this.open]) entry.end('shutdown');
  }
}
