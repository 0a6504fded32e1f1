/**
 * GET /readyz: 200 when the bot can answer (knowledge loaded, storage reachable, not
 * shutting down, and with Bot Framework authentication the token signing keys at hand),
 * 503 otherwise, so that a load balancer sends it traffic only then.
 * (GET /healthz, in server.ts, only says the process is alive.)
 */
import type { Storage } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { probeStorage } from '../state/storage';

export interface ReadinessOptions {
  storage: Storage;
  /** true once the knowledge base and the classifier are loaded */
  knowledgeLoaded: () => boolean;
  /** true once a shutdown has begun */
  shuttingDown: () => boolean;
  /** with Bot Framework authentication: resolves when the token signing keys can be had */
  signingKeys?: () => Promise<void>;
  logger: Logger;
  /** longest wait for the storage's answer, in ms */
  timeoutMs?: number;
}

/** Resolves when `check` does within `ms`; otherwise logs why and rejects. */
async function within(check: () => Promise<void>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_r, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function readiness(options: ReadinessOptions): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  checks.knowledge = options.knowledgeLoaded() ? 'ok' : 'absent';
  checks.shutdown = options.shuttingDown() ? 'en cours' : 'non';
  const ms = options.timeoutMs ?? 2000;
  const [storage, keys] = await Promise.all([
    within(
      () =>
        probeStorage(options.storage).catch((err) => {
          options.logger.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'readiness: storage unreachable');
          throw err;
        }),
      ms,
    ),
    options.signingKeys ? within(options.signingKeys, ms) : Promise.resolve(undefined),
  ]);
  checks.storage = storage ? 'ok' : 'injoignable';
  if (keys !== undefined) checks.signingKeys = keys ? 'ok' : 'injoignables';
  const ready = checks.knowledge === 'ok' && checks.storage === 'ok' && checks.shutdown === 'non' && keys !== false;
  return { ready, checks };
}

export function registerReadiness(server: Server, options: ReadinessOptions): void {
  server.get('/readyz', async (_req: Request, res: Response) => {
    const { ready, checks } = await readiness(options);
    res.header('Cache-Control', 'no-store');
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  });
}
