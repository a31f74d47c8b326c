import pg from 'pg';

export type Listen = (channel: string, onNotify: () => void) => Promise<() => Promise<void>>;

const RECONNECT_MS = 1000;

/**
 * PostgreSQL `LISTEN` on its own connection: `onNotify` runs for each notification on
 * `channel`. A lost connection is reopened (and `onNotify` called, since notifications may
 * have been missed meanwhile). Returns the stop.
 */
export function listenOn(connectionString: string): Listen {
  return async (channel, onNotify) => {
    let client: pg.Client | null = null;
    let stopped = false;
    let retry: NodeJS.Timeout | undefined;
    const open = async (): Promise<void> => {
      const c = new pg.Client({ connectionString });
      c.on('notification', (n) => {
        if (n.channel === channel) onNotify();
      });
      c.on('error', () => {
        if (stopped || client !== c) return;
        client = null;
        c.end().catch(() => {});
        retry = setTimeout(reopen, RECONNECT_MS).unref();
      });
      await c.connect();
      await c.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      client = c;
    };
    const reopen = () => {
      if (stopped) return;
      open().then(onNotify, () => {
        retry = setTimeout(reopen, RECONNECT_MS).unref();
      });
    };
    await open();
    return async () => {
      stopped = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    };
  };
}
