/**
 * GET /readyz: 200 when the bot can answer (knowledge loaded, storage reachable, not
 * shutting down), 503 otherwise, so that a load balancer sends it traffic only then.
 * (GET /healthz, in server.ts, only says the process is alive.)
 */
import type { Storage } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../logger';
import { probeStorage } from './storage';

export interface ReadinessOptions {
  storage: Storage;
  /** true once the knowledge base and the classifier are loaded */
  knowledgeLoaded: () => boolean;
  /** true once a shutdown has begun */
  shuttingDown: () => boolean;
  logger: Logger;
  /** longest wait for the storage's answer, in ms */
  timeoutMs?: number;
}

export async function readiness(options: ReadinessOptions): Promise<{ ready: boolean; checks: Record<string, string> }> {
  const checks: Record<string, string> = {};
  checks.knowledge = options.knowledgeLoaded() ? 'ok' : 'absent';
  checks.shutdown = options.shuttingDown() ? 'en cours' : 'non';
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probeStorage(options.storage),
      new Promise((_r, reject) => {
        timer = setTimeout(() => reject(new Error('storage did not answer')), options.timeoutMs ?? 2000);
      }),
    ]);
    checks.storage = 'ok';
  } catch (err) {
    options.logger.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'readiness: storage unreachable');
    checks.storage = 'injoignable';
  } finally {
    clearTimeout(timer);
  }
  const ready = checks.knowledge === 'ok' && checks.storage === 'ok' && checks.shutdown === 'non';
  return { ready, checks };
}

export function registerReadiness(server: Server, options: ReadinessOptions): void {
  server.get('/readyz', async (_req: Request, res: Response) => {
    const { ready, checks } = await readiness(options);
    res.header('Cache-Control', 'no-store');
    res.send(ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', checks });
  });
}
