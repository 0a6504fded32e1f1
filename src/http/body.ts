/**
 * Request bodies, read here rather than by restify's bodyParser, whose cap counts the
 * bytes received before decompression (a 146 KB gzip body became 150 MB in memory) and
 * keeps reading after the cap. Here: JSON only (415 otherwise), identity or gzip encoding
 * (415 otherwise), capped on the bytes actually read after decompression, with or without
 * Content-Length (413 at once, the rest is not read and the connection is closed),
 * malformed JSON 400. The bytes read stay known for routes with a smaller cap (bytesRead).
 */
import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import type { Next, Request, RequestHandler, Response } from 'restify';

const READ = new WeakMap<IncomingMessage, number>();

/** The bytes of the request's body read (after decompression); 0 when it had none. */
export function bytesRead(req: IncomingMessage): number {
  return READ.get(req) ?? 0;
}

function isJson(req: Request): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  return type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type);
}

function refuse(res: Response, next: Next, status: number, error: string, message: string, close = false): void {
  if (close) res.header('Connection', 'close');
  res.send(status, { error, message });
  next(false);
}

/** Restify middleware: reads and parses the JSON body of POST, PUT and PATCH requests, at most `maxBytes`. */
export function readJsonBody(maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next: Next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(req.method ?? '')) return next();
    const declared = req.headers['content-length'];
    const chunked = /\bchunked\b/i.test(req.headers['transfer-encoding'] ?? '');
    if (!chunked && (declared === undefined || Number(declared) === 0)) return next();
    if (Number(declared) > maxBytes) return refuse(res, next, 413, 'PayloadTooLargeError', 'requête trop volumineuse', true);
    const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    if (encoding !== 'identity' && encoding !== 'gzip') return refuse(res, next, 415, 'UnsupportedMediaTypeError', 'encodage non pris en charge', true);
    if (!isJson(req)) return refuse(res, next, 415, 'UnsupportedMediaTypeError', 'type de contenu non pris en charge', true);

    const source = encoding === 'gzip' ? req.pipe(createGunzip()) : req;
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      source.removeAllListeners('data');
      outcome();
    };
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        settle(() => {
          if (source !== req) (source as ReturnType<typeof createGunzip>).destroy();
          refuse(res, next, 413, 'PayloadTooLargeError', 'requête trop volumineuse', true);
        });
        return;
      }
      chunks.push(chunk);
    });
    source.once('end', () =>
      settle(() => {
        READ.set(req, size);
        const text = Buffer.concat(chunks, size).toString('utf8');
        if (!text.trim()) return next();
        try {
          req.body = JSON.parse(text);
        } catch {
          return refuse(res, next, 400, 'InvalidContentError', 'requête invalide');
        }
        next();
      }),
    );
    source.once('error', () => settle(() => refuse(res, next, 400, 'InvalidContentError', 'requête invalide', true)));
    req.once('aborted', () => settle(() => next(false)));
  };
}
