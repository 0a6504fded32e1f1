/**
 * A small Direct Line 3.0–compatible service inside the bot's server, for the web chat page
 * when no Azure resource exists (local use, or a site that does not want Azure's Direct
 * Line). Web Chat's own DirectLineJS talks to it in polling mode, exactly as it talks to
 * Azure: only the base URL and the token differ.
 *
 * What a browser can reach, and nothing more:
 *   POST /api/directline/token                      → a new conversation and its token
 *   POST /v3/directline/conversations               → starts the conversation of that token
 *   GET  /v3/directline/conversations/:id           → resumes it (the page was reloaded)
 *   POST /v3/directline/tokens/refresh              → extends the token's life
 *   POST /v3/directline/conversations/:id/activities → a message (or the webchat/join event)
 *   GET  /v3/directline/conversations/:id/activities?watermark=n → the activities since n
 * Every call but the first carries the conversation's bearer token (256 random bits); a
 * token reaches only its own conversation. One address holds at most `maxPerAddress` live
 * conversations and polls at most `pollsPerSecond` times a second (429 with Retry-After
 * beyond), so that one client cannot take every slot nor the server's time. The server decides the user id, the channel and
 * the delivery mode of what it passes to the bot; it keeps only the text, the card submit's
 * choice and the join event's name.
 *
 * Each activity runs through the same CloudAdapter, bot and state as /api/messages, with
 * deliveryMode « expectReplies »: the replies come back in the turn and are queued for that
 * conversation only.
 */
import { randomBytes } from 'node:crypto';
import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logger';
import { MAX_TEXT_LENGTH } from '../../bot/cpxBot';
import { bytesRead } from '../../http/body';
import { runDirectTurn } from '../../bot/directTurn';
import { TokenBuckets, tooManyRequests } from '../../http/security';
import { feedbackEntities, WEBCHAT_FEEDBACK_EVENT } from '../../bot/learning';

export interface LocalDirectLineOptions {
  adapter: CloudAdapter;
  bot: { run(context: TurnContext): Promise<void> };
  logger: Logger;
  /** live conversations kept at most (beyond: 503 until some expire) */
  maxConversations?: number;
  /** live conversations one client address may hold (beyond: 429) */
  maxPerAddress?: number;
  /** polls per second allowed per client address, twice as many at once (0: no limit) */
  pollsPerSecond?: number;
  /** the client address of a request (default: the socket's) */
  addressOf?: (req: Request) => string;
  /** token and conversation lifetime without activity, in seconds */
  tokenLifetimeSeconds?: number;
  /** activities kept per conversation for polling */
  maxActivitiesKept?: number;
  /** largest activity body accepted from a browser, in bytes */
  maxActivityBytes?: number;
  /** clock, for tests */
  now?: () => number;
}

const LOCAL_CHANNEL_ID = 'webchat';
const BOT_ACCOUNT = { id: 'assistant-cartes-cpx', name: 'Assistant cartes CPx', role: 'bot' };
// the join event, and Web Chat's feedback buttons (learning from use)
const ALLOWED_EVENTS = new Set(['webchat/join', WEBCHAT_FEEDBACK_EVENT]);
const MAX_PENDING_TURNS = 5;
/** a conversation whose page has not polled for this long may give its place when full */
const IDLE_EVICTABLE_MS = 60_000;

interface Conversation {
  id: string;
  token: string;
  userId: string;
  /** the client address that created it */
  address: string;
  expiresAt: number;
  /** last request of its browser (polls every 500 ms while the page is open) */
  lastSeen: number;
  activities: Partial<Activity>[];
  /** sequence number of activities[0] */
  firstSeq: number;
  /** serialises the turns of one conversation */
  queue: Promise<void>;
  pending: number;
}

export type Created =
  | { conversationId: string; token: string; userId: string; expires_in: number }
  | { refused: 'address' | 'full'; retryAfter: number };

function randomId(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function bearer(req: Request): string | undefined {
  const header = req.header('authorization');
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(header ?? '');
  return m ? m[1] : undefined;
}

/** The fields the bot needs from what a browser posted, or why the body is refused. */
function browserActivityProblem(body: unknown): string | undefined {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return 'le corps doit être une activité JSON';
  const a = body as Record<string, unknown>;
  if (a.type === 'message') {
    if (a.text !== undefined && a.text !== null && typeof a.text !== 'string') return 'text doit être une chaîne';
    const value = a.value as Record<string, unknown> | undefined;
    if (value !== undefined && value !== null && (typeof value !== 'object' || Array.isArray(value))) return 'value doit être un objet';
    const hasText = typeof a.text === 'string' && a.text.trim() !== '';
    const hasChoice = !!value && typeof value.choice === 'string' && value.choice.trim() !== '';
    if (!hasText && !hasChoice) return 'message vide';
    return undefined;
  }
  if (a.type === 'event') {
    if (typeof a.name !== 'string' || !ALLOWED_EVENTS.has(a.name)) return 'événement inconnu';
    return undefined;
  }
  return 'type non pris en charge';
}

export class LocalDirectLine {
  private readonly conversations = new Map<string, Conversation>();
  private readonly byToken = new Map<string, Conversation>();
  private readonly perAddress = new Map<string, number>();
  private readonly polls?: TokenBuckets;
  private readonly addressOf: (req: Request) => string;
  private readonly maxConversations: number;
  private readonly maxPerAddress: number;
  private readonly lifetimeMs: number;
  private readonly maxKept: number;
  private readonly maxActivityBytes: number;
  private readonly now: () => number;

  constructor(private readonly options: LocalDirectLineOptions) {
    this.maxConversations = options.maxConversations ?? 1000;
    this.maxPerAddress = options.maxPerAddress ?? 20;
    const pollsPerSecond = options.pollsPerSecond ?? 40;
    if (pollsPerSecond > 0) this.polls = new TokenBuckets(pollsPerSecond, 2 * pollsPerSecond);
    this.addressOf = options.addressOf ?? ((req) => req.socket?.remoteAddress ?? '');
    this.lifetimeMs = (options.tokenLifetimeSeconds ?? 1800) * 1000;
    this.maxKept = options.maxActivitiesKept ?? 200;
    this.maxActivityBytes = options.maxActivityBytes ?? 16 * 1024;
    this.now = options.now ?? Date.now;
  }

  /** Live conversations (for tests and logs). */
  get size(): number {
    return this.conversations.size;
  }

  /**
   * Creates a conversation and its token for a client address, or says why not: the
   * address holds `maxPerAddress` conversations, or `maxConversations` are live. Either
   * way, the conversation idle for the longest time (its page closed: no poll for a
   * minute) — of that address, or of all — gives its place, so that abandoned
   * conversations cannot lock new browsers out.
   */
  create(address = ''): Created {
    this.sweep();
    const idlest = (of?: string) => {
      let oldest: Conversation | undefined;
      for (const c of this.conversations.values()) {
        if ((of === undefined || c.address === of) && c.pending === 0 && (!oldest || c.lastSeen < oldest.lastSeen)) oldest = c;
      }
      return oldest;
    };
    const waitFor = (c: Conversation | undefined) => Math.max(1, Math.ceil(c ? (c.lastSeen + IDLE_EVICTABLE_MS - this.now()) / 1000 : IDLE_EVICTABLE_MS / 1000));
    for (const [limit, of, refused] of [
      [this.maxPerAddress, address, 'address'],
      [this.maxConversations, undefined, 'full'],
    ] as const) {
      if ((of === undefined ? this.conversations.size : this.perAddress.get(of) ?? 0) < limit) continue;
      const oldest = idlest(of);
      if (!oldest || this.now() - oldest.lastSeen < IDLE_EVICTABLE_MS) return { refused, retryAfter: waitFor(oldest) };
      this.drop(oldest);
    }
    const conversation: Conversation = {
      id: `cpx-${randomId(18)}`,
      token: randomId(32),
      userId: `u-${randomId(12)}`,
      address,
      expiresAt: this.now() + this.lifetimeMs,
      lastSeen: this.now(),
      activities: [],
      firstSeq: 0,
      queue: Promise.resolve(),
      pending: 0,
    };
    this.conversations.set(conversation.id, conversation);
    this.byToken.set(conversation.token, conversation);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    return { conversationId: conversation.id, token: conversation.token, userId: conversation.userId, expires_in: this.lifetimeMs / 1000 };
  }

  /** Creates a conversation for the client of `req` (see create). */
  createFor(req: Request): Created {
    return this.create(this.addressOf(req));
  }

  /** Drops the conversations whose token has expired. */
  sweep(): void {
    const now = this.now();
    for (const c of this.conversations.values()) {
      if (c.expiresAt <= now && c.pending === 0) this.drop(c);
    }
  }

  private drop(c: Conversation): void {
    this.conversations.delete(c.id);
    this.byToken.delete(c.token);
    const held = (this.perAddress.get(c.address) ?? 1) - 1;
    if (held > 0) this.perAddress.set(c.address, held);
    else this.perAddress.delete(c.address);
  }

  private conversationOf(req: Request, res: Response, conversationId?: string): Conversation | undefined {
    const token = bearer(req);
    const conversation = token ? this.byToken.get(token) : undefined;
    if (!conversation || conversation.expiresAt <= this.now()) {
      res.send(403, { error: { code: 'TokenExpired', message: 'jeton absent, inconnu ou expiré' } });
      return undefined;
    }
    if (conversationId !== undefined && conversationId !== conversation.id) {
      res.send(403, { error: { code: 'BadArgument', message: "ce jeton n'ouvre pas cette conversation" } });
      return undefined;
    }
    conversation.lastSeen = this.now();
    return conversation;
  }

  private push(conversation: Conversation, activity: Partial<Activity>): string {
    const seq = conversation.firstSeq + conversation.activities.length;
    const id = `${conversation.id}|${String(seq).padStart(7, '0')}`;
    conversation.activities.push({ ...activity, id, timestamp: new Date(this.now()) });
    const excess = conversation.activities.length - this.maxKept;
    if (excess > 0) {
      conversation.activities.splice(0, excess);
      conversation.firstSeq += excess;
    }
    return id;
  }

  /** Runs one browser activity through the bot and queues the echo and the replies. */
  async post(conversation: Conversation, body: Record<string, unknown>): Promise<string> {
    const clientActivityID = (body.channelData as Record<string, unknown> | undefined)?.clientActivityID;
    const channelData = typeof clientActivityID === 'string' && clientActivityID.length <= 100 ? { clientActivityID } : {};
    const from = { id: conversation.userId, name: 'Vous', role: 'user' };
    const conversationAccount = { id: conversation.id, isGroup: false, conversationType: 'personal' };
    const activity: Partial<Activity> = { type: body.type as string, channelId: LOCAL_CHANNEL_ID, conversation: conversationAccount as never, from, recipient: BOT_ACCOUNT, channelData };
    if (body.type === 'message') {
      const text = typeof body.text === 'string' ? body.text.slice(0, MAX_TEXT_LENGTH) : '';
      activity.text = text;
      activity.textFormat = 'plain';
      const value = body.value as Record<string, unknown> | undefined;
      if (value && typeof value.choice === 'string') activity.value = { choice: value.choice.slice(0, MAX_TEXT_LENGTH) };
    } else {
      activity.name = body.name as string;
      // a vote keeps only what the bot reads of it (see bot/learning.ts)
      if (activity.name === WEBCHAT_FEEDBACK_EVENT) activity.entities = feedbackEntities(body.entities) as never;
    }
    if (typeof body.locale === 'string' && /^[a-zA-Z-]{2,10}$/.test(body.locale)) activity.locale = body.locale;
    // the echo, as Direct Line sends it: Web Chat matches it to what it sent
    const id = this.push(conversation, activity);

    const replies = await runDirectTurn(this.options.adapter, this.options.bot, { ...activity, id, timestamp: new Date(this.now()) });
    for (const reply of replies) {
      this.push(conversation, {
        ...reply,
        channelId: LOCAL_CHANNEL_ID,
        conversation: conversationAccount as never,
        from: BOT_ACCOUNT,
        recipient: from,
        replyToId: id,
        serviceUrl: undefined,
        deliveryMode: undefined,
      });
    }
    return id;
  }

  /** Registers the routes on the bot's server. */
  register(server: Server): void {
    const { logger } = this.options;

    server.post('/v3/directline/conversations', async (req: Request, res: Response) => {
      const c = this.conversationOf(req, res);
      if (!c) return;
      res.send(201, { conversationId: c.id, token: c.token, expires_in: Math.round((c.expiresAt - this.now()) / 1000) });
    });

    // DirectLineJS resumes a conversation it was given (conversationId + token) with this call
    server.get('/v3/directline/conversations/:conversationId', async (req: Request, res: Response) => {
      const c = this.conversationOf(req, res, req.params.conversationId);
      if (!c) return;
      res.setHeader('cache-control', 'no-store');
      res.send(200, { conversationId: c.id, token: c.token, expires_in: Math.round((c.expiresAt - this.now()) / 1000) });
    });

    server.post('/v3/directline/tokens/refresh', async (req: Request, res: Response) => {
      const c = this.conversationOf(req, res);
      if (!c) return;
      c.expiresAt = this.now() + this.lifetimeMs;
      res.send(200, { conversationId: c.id, token: c.token, expires_in: this.lifetimeMs / 1000 });
    });

    server.get('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => {
      const wait = this.polls?.take(this.addressOf(req));
      if (wait) {
        tooManyRequests(res, wait, { error: { code: 'TooManyRequests', message: 'trop de requêtes : réessayez dans un instant' } });
        return;
      }
      const c = this.conversationOf(req, res, req.params.conversationId);
      if (!c) return;
      const raw = new URL(req.url ?? '/', 'http://localhost').searchParams.get('watermark');
      const watermark = raw && /^\d{1,9}$/.test(raw) ? Number(raw) : 0;
      const from = Math.max(0, watermark - c.firstSeq);
      const activities = c.activities.slice(from);
      res.setHeader('cache-control', 'no-store');
      res.send(200, { activities, watermark: String(c.firstSeq + c.activities.length) });
    });

    server.post('/v3/directline/conversations/:conversationId/activities', async (req: Request, res: Response) => {
      const c = this.conversationOf(req, res, req.params.conversationId);
      if (!c) return;
      // the bytes actually read (server.ts reads every body, chunked or gzip too)
      if (bytesRead(req) > this.maxActivityBytes) {
        res.send(413, { error: { code: 'MessageSizeTooBig', message: 'activité trop volumineuse' } });
        return;
      }
      const problem = browserActivityProblem(req.body);
      if (problem) {
        res.send(400, { error: { code: 'BadArgument', message: problem } });
        return;
      }
      if (c.pending >= MAX_PENDING_TURNS) {
        tooManyRequests(res, 1, { error: { code: 'TooManyRequests', message: 'trop de messages à la fois' } });
        return;
      }
      c.pending++;
      c.expiresAt = Math.max(c.expiresAt, this.now() + this.lifetimeMs);
      const run = c.queue.then(() => this.post(c, req.body as Record<string, unknown>));
      c.queue = run.then(
        () => undefined,
        () => undefined,
      );
      try {
        const id = await run;
        res.send(200, { id });
      } catch (err) {
        logger.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'web chat turn failed');
        res.send(502, { error: { code: 'BotError', message: "l'assistant n'a pas pu répondre" } });
      } finally {
        c.pending--;
      }
    });
  }
}
