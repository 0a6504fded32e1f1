/**
 * What keeps the HTTP surface safe: Bot Framework authentication that fails closed, a
 * per-address rate limiter for what a browser can reach, and security headers for web pages.
 * The limiter and the headers are restify middleware that any route can reuse
 * (`server.get('/', securityHeaders(...), limiter, handler)`).
 */
import { AuthenticationError, BotFrameworkAuthentication, ConnectorFactory } from 'botframework-connector';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorClient, UserTokenClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import { isIPv6 } from 'node:net';
import type { Next, Request, RequestHandler, Response } from 'restify';
import type { Logger } from '../logger';
import { isLoopbackHost } from '../settings';

const UNAUTHORIZED = 401;
const UNAUTHORIZED_MESSAGE = 'Unauthorized Access. Request is not authorized';

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Where the bot may send replies (the serviceUrl of the activity) and how long it waits. */
export interface OutboundPolicy {
  /** no MicrosoftAppId: nobody vouches for the serviceUrl a caller gives */
  anonymous: boolean;
  /** origins allowed besides loopback when anonymous; '*' for any */
  allowed: string[];
  /** longest wait for one outbound call, retries included, in ms */
  timeoutMs?: number;
}

/**
 * True when replies may go to `serviceUrl`. With Bot Framework authentication, always (the
 * token's serviceurl claim must match it). Anonymous: a loopback address (the Bot
 * Framework Emulator), or an origin ALLOWED_SERVICE_URLS lists.
 */
export function serviceUrlAllowed(serviceUrl: string, policy: OutboundPolicy): boolean {
  if (!policy.anonymous || policy.allowed.includes('*')) return true;
  let url: URL;
  try {
    url = new URL(serviceUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  return isLoopbackHost(url.hostname) || policy.allowed.includes(url.origin);
}

class OutboundRefusedError extends Error {
  constructor() {
    super('serviceUrl refused: not loopback, and not in ALLOWED_SERVICE_URLS');
    this.name = 'OutboundRefusedError';
  }
}

/**
 * The SDK's connector clients with the outbound policy: a call to a refused serviceUrl
 * fails at once (the client itself is still created: an expectReplies turn needs one but
 * never calls it), and every call is aborted after `timeoutMs` — retries and the waits a
 * Retry-After asks for included.
 */
/** Connector clients kept per service URL and audience (the SDK builds one, with its HTTP pipeline, on every turn). */
const CONNECTORS_KEPT = 64;

class BoundedConnectorFactory extends ConnectorFactory {
  constructor(
    private readonly inner: ConnectorFactory,
    private readonly policy: OutboundPolicy,
    /** clients already built, shared by the factories of one authentication (same app, same credentials) */
    private readonly built?: Map<string, Promise<ConnectorClient>>,
    /** what the credentials depend on besides the URL (the OAuth scope of the request) */
    private readonly scope = '',
  ) {
    super();
  }

  override create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    if (!this.built) return this.build(serviceUrl, audience);
    const key = `${this.scope}\u0000${audience ?? ''}\u0000${serviceUrl}`;
    let client = this.built.get(key);
    if (!client) {
      client = this.build(serviceUrl, audience);
      // a failed build is not kept
      client.catch(() => this.built?.delete(key));
      if (this.built.size >= CONNECTORS_KEPT) this.built.delete(this.built.keys().next().value as string);
      this.built.set(key, client);
    }
    return client;
  }

  private async build(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const client = await this.inner.create(serviceUrl, audience);
    const send = client.sendOperationRequest.bind(client);
    const { policy } = this;
    client.sendOperationRequest = (args, spec, callback) => {
      if (!serviceUrlAllowed(serviceUrl, policy)) return Promise.reject(new OutboundRefusedError());
      const timeout = AbortSignal.timeout(policy.timeoutMs ?? 15_000);
      const given = args.options?.abortSignal as AbortSignal | undefined;
      const abortSignal = given ? AbortSignal.any([given, timeout]) : timeout;
      return send({ ...args, options: { ...args.options, abortSignal } }, spec, callback);
    };
    return client;
  }
}

/**
 * Wraps the SDK's authentication so that every failure is a 401, quickly: the SDK raises
 * AuthenticationError (401) for a missing or refused token, but a token it cannot check
 * (its signing keys cannot be fetched, the metadata host does not answer) raises another
 * error, which the CloudAdapter turns into a 500 — or waits for as long as the network
 * does. Here, any such failure refuses the request within `timeoutMs`. The connector
 * clients it hands out follow the outbound policy (see BoundedConnectorFactory).
 */
export class FailClosedAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
    private readonly timeoutMs = 5000,
    private readonly outbound: OutboundPolicy = { anonymous: false, allowed: [] },
  ) {
    super();
  }

  /** connector clients built for this bot (one app id, one set of credentials), reused from turn to turn */
  private readonly connectors = new Map<string, Promise<ConnectorClient>>();

  private bounded(result: AuthenticateRequestResult): AuthenticateRequestResult {
    if (!result.connectorFactory) return result;
    return { ...result, connectorFactory: new BoundedConnectorFactory(result.connectorFactory, this.outbound, this.connectors, result.audience ?? '') };
  }

  private refuse(err: unknown): never {
    if (err instanceof AuthenticationError) {
      this.logger.warn({ reason: 'token refused' }, 'request refused: 401');
    } else {
      // the token could not be checked: refuse it, and say why in the logs (never the token)
      this.logger.warn({ reason: 'token could not be checked', err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'request refused: 401');
    }
    // one body for every refusal: the SDK's messages repeat what the token claims (its
    // audience); the CloudAdapter also prints the error, hence a one-line stack
    const refusal = new AuthenticationError(UNAUTHORIZED_MESSAGE, UNAUTHORIZED);
    refusal.stack = `${refusal.name}: ${refusal.message}`;
    throw refusal;
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return this.bounded(await withTimeout(this.inner.authenticateRequest(activity, authHeader ?? ''), this.timeoutMs, 'authentication'));
    } catch (err) {
      return this.refuse(err);
    }
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return this.bounded(await withTimeout(this.inner.authenticateStreamingRequest(authHeader, channelIdHeader), this.timeoutMs, 'authentication'));
    } catch (err) {
      return this.refuse(err);
    }
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    try {
      return await withTimeout(this.inner.authenticateChannelRequest(authHeader), this.timeoutMs, 'authentication');
    } catch (err) {
      return this.refuse(err);
    }
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return new BoundedConnectorFactory(this.inner.createConnectorFactory(claimsIdentity), this.outbound);
  }

  /** user token clients, one per app id (the SDK builds one, with its HTTP pipeline, on every turn) */
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    // the client depends only on the app id the claims name (audience or app id), and the settings of this process
    const claim = (type: string) => claimsIdentity?.claims?.find((c) => c.type === type)?.value ?? '';
    const key = `${claim('aud')} ${claim('appid')} ${claim('azp')}`;
    let client = this.tokenClients.get(key);
    if (!client) {
      client = this.inner.createUserTokenClient(claimsIdentity);
      // a failure is not kept; a flood of app ids (forged claims are refused before this) cannot grow the map without bound
      client.catch(() => this.tokenClients.delete(key));
      if (this.tokenClients.size >= 16) this.tokenClients.clear();
      this.tokenClients.set(key, client);
    }
    return client;
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

/**
 * The address a request comes from, as a rate-limit key. Without trusted proxies
 * (`trustedHops` 0): the socket's. Behind `trustedHops` reverse proxies, each appending to
 * X-Forwarded-For the address it received the request from: the right-most address that
 * none of them vouches for (what the client wrote on the left is ignored); without the
 * header, the socket's. An IPv6 client counts by its /64 (one subscriber's prefix).
 */
export function clientAddress(req: Pick<Request, 'headers' | 'socket'>, trustedHops: number): string {
  const socket = req.socket?.remoteAddress ?? '';
  let address = socket;
  if (trustedHops > 0) {
    const header = req.headers['x-forwarded-for'];
    const hops = (Array.isArray(header) ? header.join(',') : header ?? '')
      .split(',')
      .map((h) => h.trim())
      .filter(Boolean);
    // the socket is the nearest proxy; each proxy appended the address before it
    if (hops.length > 0) address = hops[Math.max(0, hops.length - trustedHops)];
  }
  return addressKey(address);
}

/** An address without port nor IPv4-in-IPv6 prefix; an IPv6 address as its /64. */
function addressKey(raw: string): string {
  let a = raw.trim().slice(0, 100);
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(a);
  if (bracketed) a = bracketed[1];
  else if (/^[\d.]+:\d+$/.test(a)) a = a.slice(0, a.lastIndexOf(':'));
  a = a.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  if (isIPv6(a)) return `${expandIPv6(a).slice(0, 4).join(':')}::/64`;
  return a;
}

function expandIPv6(a: string): string[] {
  const [head, tail] = a.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail !== undefined && tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array(Math.max(0, 8 - left.length - right.length)).fill('0');
  return [...left, ...zeros, ...right].map((h) => h.replace(/^0+(?=.)/, ''));
}

/**
 * Token buckets per key, at most `maxKeys` of them (beyond, the least recently used is
 * forgotten: it would have refilled anyway).
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxKeys = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key`: 0 when there was one, otherwise the seconds to wait for the next. */
  take(key: string): number {
    const now = this.now();
    let bucket = this.buckets.get(key);
    if (bucket) {
      this.buckets.delete(key);
      bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
      bucket.at = now;
    } else {
      bucket = { tokens: this.burst, at: now };
      if (this.buckets.size >= this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
    }
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.perSecond));
  }
}

/** 429 « trop de requêtes », with Retry-After in seconds. */
export function tooManyRequests(res: Response, retryAfterSeconds: number, body: object = { error: 'TooManyRequestsError', message: 'trop de requêtes : réessayez dans un instant' }): void {
  res.header('Retry-After', String(retryAfterSeconds));
  res.send(429, body);
}

/**
 * Whether the Bot Framework signing keys can be had, for the readiness probe: the OpenID
 * metadata at `metadataUrl`, then its key set, fetched within `timeoutMs`. A success
 * counts for 24 hours (the SDK's own key cache); after 10 minutes it is checked again, and
 * a failure is logged. Before any success, every call tries (one at a time) and throws.
 */
export function signingKeysProbe(metadataUrl: string, logger: Logger, options: { timeoutMs?: number; now?: () => number } = {}): () => Promise<void> {
  const now = options.now ?? Date.now;
  const timeoutMs = options.timeoutMs ?? 2000;
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;
  const getJson = async (url: string) => {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'error' });
    if (!r.ok) throw new Error(`${r.status} from the key service`);
    return (await r.json()) as Record<string, unknown>;
  };
  const fetchKeys = async () => {
    const metadata = await getJson(metadataUrl);
    if (typeof metadata.jwks_uri !== 'string') throw new Error('no jwks_uri in the OpenID metadata');
    const keys = (await getJson(metadata.jwks_uri)).keys;
    if (!Array.isArray(keys) || keys.length === 0) throw new Error('no signing key published');
    fetchedAt = now();
  };
  return async () => {
    const age = now() - fetchedAt;
    if (age < 10 * 60_000) return;
    inFlight ??= fetchKeys().finally(() => (inFlight = undefined));
    try {
      await inFlight;
    } catch (err) {
      logger.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'readiness: signing keys unreachable');
      if (age >= 24 * 60 * 60_000) throw err;
    }
  };
}

export interface RateLimitOptions {
  /** sustained requests per second allowed per client address; 0 turns the limiter off */
  perSecond: number;
  /** requests a client may send at once above the sustained rate */
  burst: number;
  /** reverse proxies in front of the bot whose X-Forwarded-For is trusted (see clientAddress) */
  trustedHops: number;
}

/**
 * A per-address token-bucket limiter: past the limit, 429 « trop de requêtes » with
 * Retry-After. Returns a pass-through handler when `perSecond` is 0.
 */
export function rateLimiter(options: RateLimitOptions): RequestHandler {
  if (!options.perSecond) return (_req: Request, _res: Response, next: Next) => next();
  const buckets = new TokenBuckets(options.perSecond, Math.max(1, options.burst));
  return (req: Request, res: Response, next: Next) => {
    const wait = buckets.take(clientAddress(req, options.trustedHops));
    if (!wait) return next();
    tooManyRequests(res, wait);
    return next(false);
  };
}

/**
 * The requests a browser can send that cost the bot work: a turn (POST /api/messages
 * when anonymous), a web chat token or conversation, a message through the local Direct
 * Line. Polling for replies (GET) is not limited here: it is cheap, and many users may
 * share one address (a practice, a hospital behind one NAT); the local Direct Line has its
 * own, wider per-address polling limit (WEBCHAT_POLLS_PER_SECOND).
 */
export function browserReachable(anonymous: boolean) {
  return (req: Request): boolean => {
    if (req.method !== 'POST') return false;
    const p = req.getPath();
    return p.startsWith('/api/directline/') || p.startsWith('/v3/directline/') || (anonymous && p === '/api/messages');
  };
}

/** Runs `handler` only for the requests `applies` selects. */
export function limitWhere(applies: (req: Request) => boolean, handler: RequestHandler): RequestHandler {
  return (req: Request, res: Response, next: Next) => (applies(req) ? handler(req, res, next) : next());
}

export interface SecurityHeaderOptions {
  /**
   * Who may embed the pages in a frame (CSP frame-ancestors), e.g.
   * "'self' https://www.ameli.fr"; "'none'" forbids any frame.
   */
  frameAncestors: string;
}

/** Per-route additions to the content security policy. */
export interface CspOptions extends SecurityHeaderOptions {
  /** origins the page may connect to besides its own (Azure Direct Line) */
  connect?: string[];
  /** what the page may show in frames (the example page frames the widget) */
  frames?: string[];
}

/**
 * The one content security policy of the server: nothing by default, the bot's own origin
 * for scripts, styles, images, fonts and connections; routes add what they need (the web
 * chat page its Direct Line origin, the example page a frame of its own origin).
 */
export function contentSecurityPolicy(options: CspOptions): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    // Web Chat injects its styles at run time
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "media-src 'self' blob: data:",
    `connect-src ${["'self'", ...(options.connect ?? [])].join(' ')}`,
    ...(options.frames && options.frames.length > 0 ? [`frame-src ${options.frames.join(' ')}`] : []),
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${options.frameAncestors}`,
  ].join('; ');
}

/** Restify middleware setting the security headers on every response it precedes. */
export function securityHeaders(options: SecurityHeaderOptions): RequestHandler {
  const csp = contentSecurityPolicy(options);
  const frameOptions = options.frameAncestors.trim() === "'none'" ? 'DENY' : options.frameAncestors.trim() === "'self'" ? 'SAMEORIGIN' : undefined;
  return (_req: Request, res: Response, next: Next) => {
    res.header('Content-Security-Policy', csp);
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('Referrer-Policy', 'no-referrer');
    res.header('Cross-Origin-Opener-Policy', 'same-origin');
    res.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
    if (frameOptions) res.header('X-Frame-Options', frameOptions);
    return next();
  };
}
