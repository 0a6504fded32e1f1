/**
 * The web chat on the bot's own server: the page (GET /), its script and style, Microsoft's
 * Web Chat bundle served from node_modules (no CDN), the embeddable snippet (/embed.js),
 * an example page (/exemple), the token endpoint (POST /api/directline/token) and, when
 * enabled, the local Direct Line subset (see localDirectLine.ts).
 *
 * Every page is served with a strict Content-Security-Policy: scripts, styles, images and
 * connections only from the bot's own origin (plus the Direct Line service in
 * production). Web Chat inserts its styles at run time (emotion), so style-src also
 * allows 'unsafe-inline' — styles only, never scripts.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { CloudAdapter, TurnContext } from 'botbuilder';
import type { Request, Response, Server } from 'restify';
import type { Logger } from '../../logger';
import type { Settings } from '../../settings';
import { clientAddress, contentSecurityPolicy } from '../../http/security';
import { LocalDirectLine } from './localDirectLine';
import { generateDirectLineToken } from './tokenExchange';

export interface WebChatOptions {
  adapter: CloudAdapter;
  bot: { run(context: TurnContext): Promise<void> };
  logger: Logger;
  settings: Pick<Settings, 'webchatLocal' | 'directLineSecret' | 'directLineEndpoint' | 'webchatFrameAncestors'> &
    Partial<Pick<Settings, 'webchatMaxConversations' | 'webchatConversationsPerAddress' | 'webchatPollsPerSecond' | 'trustProxyHops'>>;
  /** folder of the page's files (default: public/ at the project's root) */
  publicDir?: string;
}

const gzipAsync = promisify(gzip);

/** The project's root, from src/bot/webchat (tsx) or dist/bot/webchat (built). */
const ROOT = path.resolve(__dirname, '..', '..', '..');

function webChatBundlePath(): string {
  // resolves lib/index.js without loading it; the UMD bundle is in dist/
  return path.join(path.dirname(require.resolve('botframework-webchat')), '..', 'dist', 'webchat.js');
}

interface Asset {
  type: string;
  body: Buffer;
  gzipped?: Promise<Buffer>;
  cache: string;
}

/** The Direct Line origins the page connects to, when the widget goes through Azure. */
function directLineOrigins(settings: WebChatOptions['settings']): string[] {
  if (!settings.directLineSecret) return [];
  const origin = new URL(settings.directLineEndpoint).origin;
  return [origin, origin.replace(/^http/, 'ws')];
}

export function registerWebChat(server: Server, options: WebChatOptions): { localDirectLine?: LocalDirectLine } {
  const { settings, logger } = options;
  const publicDir = options.publicDir ?? path.join(ROOT, 'public');
  const file = (name: string) => readFileSync(path.join(publicDir, name));
  const assets: Record<string, Asset> = {
    '/': { type: 'text/html; charset=utf-8', body: file('index.html'), cache: 'no-cache' },
    '/exemple': { type: 'text/html; charset=utf-8', body: file('exemple.html'), cache: 'no-cache' },
    '/embed.js': { type: 'text/javascript; charset=utf-8', body: file('embed.js'), cache: 'public, max-age=300' },
    '/webchat/app.js': { type: 'text/javascript; charset=utf-8', body: file('app.js'), cache: 'public, max-age=300' },
    '/webchat/details.js': { type: 'text/javascript; charset=utf-8', body: file('details.js'), cache: 'public, max-age=300' },
    '/webchat/style.css': { type: 'text/css; charset=utf-8', body: file('style.css'), cache: 'public, max-age=300' },
    '/webchat/webchat.js': { type: 'text/javascript; charset=utf-8', body: readFileSync(webChatBundlePath()), cache: 'public, max-age=86400' },
  };
  const pageCsp = contentSecurityPolicy({ frameAncestors: settings.webchatFrameAncestors, connect: directLineOrigins(settings) });
  // the example page stands for the CPAM's site: it is not embedded elsewhere, and frames the widget
  const exampleCsp = contentSecurityPolicy({ frameAncestors: "'none'", connect: directLineOrigins(settings), frames: ["'self'"] });

  const serve = (route: string) => async (req: Request, res: Response) => {
    const asset = assets[route];
    const headers: Record<string, string> = {
      'content-type': asset.type,
      'cache-control': asset.cache,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
    };
    if (asset.type.startsWith('text/html')) headers['content-security-policy'] = route === '/exemple' ? exampleCsp : pageCsp;
    let body = asset.body;
    if (body.length > 1024 && /\bgzip\b/.test(req.header('accept-encoding') ?? '')) {
      asset.gzipped ??= gzipAsync(asset.body);
      body = await asset.gzipped;
      headers['content-encoding'] = 'gzip';
      headers.vary = 'Accept-Encoding';
    }
    headers['content-length'] = String(body.length);
    res.writeHead(200, headers);
    res.end(body);
  };
  for (const route of Object.keys(assets)) server.get(route, serve(route));

  const localDirectLine = settings.webchatLocal
    ? new LocalDirectLine({
        adapter: options.adapter,
        bot: options.bot,
        logger,
        maxConversations: settings.webchatMaxConversations,
        maxPerAddress: settings.webchatConversationsPerAddress,
        pollsPerSecond: settings.webchatPollsPerSecond,
        addressOf: (req) => clientAddress(req, settings.trustProxyHops ?? 0),
      })
    : undefined;
  localDirectLine?.register(server);

  server.post('/api/directline/token', async (req: Request, res: Response) => {
    res.setHeader('cache-control', 'no-store');
    if (settings.directLineSecret) {
      try {
        const t = await generateDirectLineToken(settings.directLineEndpoint, settings.directLineSecret);
        res.send(200, { ...t, domain: settings.directLineEndpoint, webSocket: true });
      } catch (err) {
        logger.warn({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, 'direct line token refused');
        res.send(502, { error: 'Unavailable', message: 'le service de discussion est indisponible' });
      }
      return;
    }
    if (localDirectLine) {
      const t = localDirectLine.createFor(req);
      if ('refused' in t) {
        res.header('Retry-After', String(t.retryAfter));
        if (t.refused === 'address') res.send(429, { error: 'TooManyRequestsError', message: 'trop de conversations ouvertes depuis cette adresse, réessayez dans un instant' });
        else res.send(503, { error: 'Unavailable', message: 'trop de conversations en cours, réessayez dans quelques minutes' });
        return;
      }
      res.send(200, { ...t, domain: '/v3/directline', webSocket: false });
      return;
    }
    res.send(503, { error: 'Unavailable', message: "la discussion web n'est pas activée sur ce serveur" });
  });

  logger.debug({ local: !!localDirectLine, directLine: !!settings.directLineSecret }, 'web chat ready');
  return { localDirectLine };
}
