/**
 * What keeps the HTTP surface safe: Bot Framework authentication that fails closed, a
 * per-IP rate limiter for what a browser can reach, and security headers for web pages.
 * The limiter and the headers are restify middleware that any route can reuse
 * (`server.get('/', securityHeaders(...), limiter, handler)`).
 */
import { AuthenticationError, BotFrameworkAuthentication } from 'botframework-connector';
import type { AuthenticateRequestResult, ClaimsIdentity, ConnectorFactory, UserTokenClient } from 'botframework-connector';
import type { Activity } from 'botbuilder';
import restify, { Next, Request, RequestHandler, Response } from 'restify';
import type { Logger } from '../logger';

const UNAUTHORIZED = 401;

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Wraps the SDK's authentication so that every failure is a 401, quickly: the SDK raises
 * AuthenticationError (401) for a missing or refused token, but a token it cannot check
 * (its signing keys cannot be fetched, the metadata host does not answer) raises another
 * error, which the CloudAdapter turns into a 500 — or waits for as long as the network
 * does. Here, any such failure refuses the request within `timeoutMs`.
 */
export class FailClosedAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
    private readonly timeoutMs = 5000,
  ) {
    super();
  }

  private refuse(err: unknown): never {
    if (err instanceof AuthenticationError) {
      this.logger.warn({ reason: 'token refused' }, 'request refused: 401');
      throw err;
    }
    // the token could not be checked: refuse it, and say why in the logs (never the token)
    this.logger.warn({ reason: 'token could not be checked', err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'request refused: 401');
    throw new AuthenticationError('Unauthorized Access. Request is not authorized', UNAUTHORIZED);
  }

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await withTimeout(this.inner.authenticateRequest(activity, authHeader ?? ''), this.timeoutMs, 'authentication');
    } catch (err) {
      return this.refuse(err);
    }
  }

  override async authenticateStreamingRequest(authHeader: string, channelIdHeader: string): Promise<AuthenticateRequestResult> {
    try {
      return await withTimeout(this.inner.authenticateStreamingRequest(authHeader, channelIdHeader), this.timeoutMs, 'authentication');
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
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient() {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }
}

export interface RateLimitOptions {
  /** sustained requests per second allowed per client IP; 0 turns the limiter off */
  perSecond: number;
  /** requests a client may send at once above the sustained rate */
  burst: number;
  /** read the client IP from X-Forwarded-For (only behind a trusted reverse proxy) */
  trustProxy: boolean;
}

/**
 * A per-IP token-bucket limiter (restify's own throttle plugin): past the limit, 429
 * « trop de requêtes ». Returns a pass-through handler when `perSecond` is 0.
 */
export function rateLimiter(options: RateLimitOptions): RequestHandler {
  if (!options.perSecond) return (_req: Request, _res: Response, next: Next) => next();
  return restify.plugins.throttle({
    rate: options.perSecond,
    burst: Math.max(1, options.burst),
    ip: !options.trustProxy,
    xff: options.trustProxy,
    maxKeys: 10_000,
  });
}

/**
 * The requests a browser can send that cost the bot work: a turn (POST /api/messages
 * when anonymous), a web chat token or conversation, a message through the local Direct
 * Line. Polling for replies (GET) is not limited: it is cheap, and many users may share
 * one address (a practice, a hospital behind one NAT).
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

/** The content security policy: only the bot's own origin, for every kind of resource. */
export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Web Chat injects its styles at run time
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "media-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
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
