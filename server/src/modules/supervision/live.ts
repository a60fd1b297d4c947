import pg from 'pg';

export interface CaseEventSignal {
  caseId: string;
  action: string;
  to: string;
  /** The case's region, so a screen hears only of its own centre's region. */
  regionCode: string;
}

type Listener = (signal: CaseEventSignal) => void;

/**
 * One LISTEN connection per server process, shared by every open big screen: each transaction
 * that writes timeline rows announces them right after it commits (cases/signals.ts), so a screen
 * hears of a change the moment it is durable, and never of one that rolled back. Connects on the first subscriber, reconnects
 * after a lost connection, disconnects when the last one leaves.
 */
export class CaseEventHub {
  private client: pg.Client | undefined;
  private connecting: Promise<void> | undefined;
  private readonly listeners = new Set<Listener>();
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(private readonly connectionString: string) {}

  async subscribe(listener: Listener): Promise<() => void> {
    this.listeners.add(listener);
    await this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) void this.disconnect();
    };
  }

  get size(): number {
    return this.listeners.size;
  }

  private connect(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.connectionString });
      client.on('notification', (message) => {
        if (message.channel !== 'case_events' || !message.payload) return;
        let signal: CaseEventSignal;
        try {
          signal = JSON.parse(message.payload) as CaseEventSignal;
        } catch {
          return;
        }
        for (const listener of this.listeners) listener(signal);
      });
      client.on('error', () => this.lost(client));
      client.on('end', () => this.lost(client));
      try {
        await client.connect();
        await client.query('LISTEN case_events');
        this.client = client;
      } catch {
        await client.end().catch(() => {});
        this.scheduleRetry();
      } finally {
        this.connecting = undefined;
      }
    })();
    return this.connecting;
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    if (!this.closed && this.listeners.size > 0) this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (this.retry || this.closed) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      if (this.listeners.size > 0) void this.connect();
    }, 1000);
    this.retry.unref();
  }

  private async disconnect(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retry) clearTimeout(this.retry);
    this.listeners.clear();
    await this.disconnect();
  }
}
