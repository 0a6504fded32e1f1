/**
 * Graceful shutdown. On SIGTERM (or SIGINT) the server stops accepting connections,
 * answers 503 to new requests on connections already open, lets the turns in flight
 * finish (each saves its own state before its reply is sent), then exits 0. If they do
 * not finish within the timeout, it says so and exits 1.
 */
import type { Next, Request, RequestHandler, Response, Server } from 'restify';
import type { Logger } from '../logger';

export class Drain {
  private inFlight = 0;
  private draining = false;
  private idle: Array<() => void> = [];

  get shuttingDown(): boolean {
    return this.draining;
  }

  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Restify middleware: counts the requests in flight; refuses new ones once draining. */
  readonly middleware: RequestHandler = (_req: Request, res: Response, next: Next) => {
    if (this.draining) {
      res.header('Connection', 'close');
      res.header('Retry-After', '1');
      res.send(503, { error: 'ServiceUnavailable', message: 'le service redémarre, réessayez dans un instant' });
      return next(false);
    }
    this.inFlight++;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idle.splice(0)) resolve();
    };
    res.once('finish', finish);
    res.once('close', finish);
    return next();
  };

  begin(): void {
    this.draining = true;
  }

  /** Resolves once no request is in flight. */
  whenIdle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }
}

export interface ShutdownOptions {
  server: Server;
  drain: Drain;
  logger: Logger;
  timeoutMs: number;
  /** last work once the turns are done (e.g. flush logs) */
  onClosed?: () => Promise<void> | void;
  exit?: (code: number) => void;
}

/** Installs the SIGTERM/SIGINT handlers; returns the shutdown function (for tests). */
export function installGracefulShutdown(options: ShutdownOptions): (signal: string) => Promise<void> {
  const { server, drain, logger } = options;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let started = false;
  const shutdown = async (signal: string) => {
    if (started) return;
    started = true;
    drain.begin();
    logger.info({ signal, inFlight: drain.requestsInFlight }, 'arrêt demandé : plus de nouvelles requêtes, fin des tours en cours');
    const http = server.server;
    const closed = new Promise<void>((resolve) => http.close(() => resolve()));
    http.closeIdleConnections?.();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    });
    const result = await Promise.race([drain.whenIdle().then(() => 'idle' as const), timedOut]);
    clearTimeout(timer);
    http.closeAllConnections?.();
    await Promise.race([closed, new Promise((r) => setTimeout(r, 200))]);
    try {
      await options.onClosed?.();
    } catch (err) {
      logger.error({ err: { message: (err as Error)?.message } }, 'arrêt : erreur à la fermeture');
    }
    if (result === 'timeout') {
      logger.error({ inFlight: drain.requestsInFlight, timeoutMs: options.timeoutMs }, 'arrêt : des tours ne se sont pas terminés à temps');
      exit(1);
      return;
    }
    logger.info('arrêt terminé');
    exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return shutdown;
}
