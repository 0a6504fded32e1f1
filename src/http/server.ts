/**
 * The HTTP server (restify): POST /api/messages through the CloudAdapter, GET /healthz.
 * A body that is not an activity (or nests deeper than MAX_ACTIVITY_DEPTH) gets 400 before
 * it reaches the adapter; a body over the cap gets 413; nothing the user sent is echoed
 * back nor logged.
 */
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import restify, { Request, RequestHandler, Response, Server } from 'restify';
import { httpLogger, Logger } from '../logger';
import { readJsonBody } from './body';

export interface ServerOptions {
  /** the CloudAdapter's turn, authenticated (bot/adapter.ts › CpxAdapter) */
  adapter: { runActivity(authHeader: string, activity: Activity, logic: (context: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> };
  bot: { run(context: TurnContext): Promise<void> };
  logger: Logger;
  maxBodyBytes: number;
  /** middleware run before routing, so on every answer, 404 and 405 included (security headers) */
  pre?: RequestHandler[];
  /** middleware run before every route and before the body is read (shutdown drain, rate limiter) */
  use?: RequestHandler[];
  /** whether the bot may call an activity's serviceUrl (anonymous mode: loopback only, see security.ts) */
  serviceUrlAllowed?: (serviceUrl: string) => boolean;
}

const MAX_ID_LENGTH = 512;
/** deepest nesting of objects and arrays accepted in an activity (Teams and cards stay under 10) */
const MAX_ACTIVITY_DEPTH = 32;

/** True when `value` nests objects or arrays deeper than `max` levels (walked without recursion). */
function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v as object)) {
      if (child && typeof child === 'object') stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** The activity's dates as the SDK expects them (its validateAndFixActivity, not exported): Date objects, the raw strings kept. */
function withDates(activity: Record<string, unknown>): Record<string, unknown> {
  for (const [field, raw] of [['timestamp', 'rawTimestamp'], ['expiration', 'rawExpiration'], ['localTimestamp', 'rawLocalTimestamp']] as const) {
    const value = activity[field];
    if (typeof value === 'string') {
      activity[raw] = value;
      activity[field] = new Date(value);
    }
  }
  return activity;
}

function isShortString(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH;
}

/**
 * Why a body cannot be processed as an activity, or undefined when it can. The state of a
 * conversation is keyed on channelId, conversation.id and from.id: all three are required.
 */
function activityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'le corps doit être une activité JSON';
  // replies copy parts of the activity (from, conversation…): a deep one would fail them
  if (nestedDeeperThan(body, MAX_ACTIVITY_DEPTH)) return 'activité trop imbriquée';
  const a = body as Record<string, unknown>;
  if (!isShortString(a.type)) return 'type manquant';
  if (!isShortString(a.channelId)) return 'channelId manquant';
  const conversation = a.conversation as Record<string, unknown> | undefined;
  if (!conversation || typeof conversation !== 'object' || !isShortString(conversation.id)) return 'conversation.id manquant';
  const from = a.from as Record<string, unknown> | undefined;
  if (!from || typeof from !== 'object' || !isShortString(from.id)) return 'from.id manquant';
  if (a.recipient !== undefined && (a.recipient === null || typeof a.recipient !== 'object')) return 'recipient invalide';
  if (a.text !== undefined && a.text !== null && typeof a.text !== 'string') return 'text doit être une chaîne';
  if (a.deliveryMode !== 'expectReplies') {
    if (typeof a.serviceUrl !== 'string' || !/^https?:\/\/[^\s]+$/i.test(a.serviceUrl)) return 'serviceUrl manquant (ou deliveryMode « expectReplies » attendu)';
  }
  for (const key of ['membersAdded', 'membersRemoved', 'attachments', 'entities']) {
    if (a[key] !== undefined && a[key] !== null && !Array.isArray(a[key])) return `${key} doit être une liste`;
  }
  return undefined;
}

export function createServer(options: ServerOptions): Server {
  const { adapter, bot, logger } = options;
  // restify logs with the app's logger (level, destination, redaction), never its own
  const server = restify.createServer({ name: 'assistant-cartes-cpx', handleUncaughtExceptions: false, log: httpLogger(logger) as never }); // (restify 11 takes pino; its types still say bunyan)
  for (const handler of options.pre ?? []) server.pre(handler);
  for (const handler of options.use ?? []) server.use(handler);
  server.use(readJsonBody(options.maxBodyBytes));

  server.get('/healthz', async (_req: Request, res: Response) => {
    res.send(200, { status: 'ok' });
  });

  server.post('/api/messages', async (req: Request, res: Response) => {
    const problem = activityProblem(req.body);
    if (problem) {
      res.send(400, { error: 'BadRequest', message: problem });
      return;
    }
    // a reply to a refused serviceUrl could not be sent: say so now rather than run the
    // turn (expectReplies needs no call: its replies come back in this response)
    const { deliveryMode, serviceUrl } = req.body as { deliveryMode?: string; serviceUrl?: string };
    if (deliveryMode !== 'expectReplies' && options.serviceUrlAllowed && !options.serviceUrlAllowed(serviceUrl ?? '')) {
      res.send(400, { error: 'BadRequest', message: 'serviceUrl refusé : sans MicrosoftAppId, le bot ne répond qu’en boucle locale (Bot Framework Emulator), en deliveryMode « expectReplies », ou aux adresses de ALLOWED_SERVICE_URLS' });
      return;
    }
    // What CloudAdapter.process does, without its per-request zod checks of the request, the
    // response and the body (activityProblem has checked the body): ~0.1 ms a turn under load.
    let invoke: InvokeResponse | undefined;
    try {
      const header = req.headers.authorization;
      invoke = await adapter.runActivity(typeof header === 'string' ? header : '', withDates(req.body as Record<string, unknown>) as Partial<Activity> as Activity, (context) => bot.run(context));
    } catch (err) {
      // an authentication failure is the caller's; anything else is ours, and never echoed
      const unauthorized = (err as { statusCode?: number })?.statusCode === 401 || (err as Error)?.name === 'AuthenticationError';
      logger.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, unauthorized ? 'request refused: authentication' : 'request failed');
      if (!res.headersSent) res.send(unauthorized ? 401 : 500, { error: unauthorized ? 'Unauthorized' : 'InternalError' });
      return;
    }
    if (res.headersSent) return;
    res.status(invoke?.status ?? 200);
    if (invoke?.body !== undefined && invoke.body !== null) res.send(invoke.body);
    else res.end();
  });

  // errors raised by restify itself (bad JSON, body too large, unknown route): answered
  // with their own status, never with the user's input
  server.on('restifyError', (req: Request, res: Response, err: Error & { statusCode?: number; toJSON?: () => unknown }, cb: () => void) => {
    const status = err.statusCode ?? 500;
    if (status >= 500) logger.error({ err: { name: err.name }, path: req.path?.() }, 'server error');
    err.toJSON = () => ({ error: err.name ?? 'Error', message: messageFor(status) });
    err.toString = () => messageFor(status);
    return cb();
  });
  return server;
}

function messageFor(status: number): string {
  if (status === 400) return 'requête invalide';
  if (status === 404) return 'ressource inconnue';
  if (status === 405) return 'méthode non permise';
  if (status === 413) return 'requête trop volumineuse';
  if (status === 415) return 'type de contenu non pris en charge';
  if (status === 429) return 'trop de requêtes : réessayez dans un instant';
  return 'erreur du serveur';
}
