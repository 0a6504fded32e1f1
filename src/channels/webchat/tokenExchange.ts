/**
 * Production: the Azure Bot's Direct Line secret stays on the server; the page asks
 * POST /api/directline/token and gets a short-lived token for one conversation, obtained
 * from the Direct Line service's tokens/generate.
 */
import { randomBytes } from 'node:crypto';

export interface DirectLineToken {
  conversationId: string;
  token: string;
  expires_in: number;
  userId: string;
}

class TokenExchangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenExchangeError';
  }
}

/**
 * Exchanges the secret for a conversation token. The user id is chosen here (prefixed
 * « dl_ » as Direct Line expects) and bound to the token, so that a browser cannot speak
 * under another user's id.
 */
export async function generateDirectLineToken(endpoint: string, secret: string, timeoutMs = 10_000): Promise<DirectLineToken> {
  const userId = `dl_${randomBytes(12).toString('base64url')}`;
  let response: globalThis.Response;
  try {
    response = await fetch(`${endpoint}/tokens/generate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ user: { id: userId } }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new TokenExchangeError(`Direct Line injoignable (${(err as Error)?.name ?? 'erreur'})`);
  }
  if (!response.ok) throw new TokenExchangeError(`Direct Line a répondu ${response.status}`);
  let body: Record<string, unknown>;
  try {
    body = (await response.json()) as Record<string, unknown>;
  } catch {
    throw new TokenExchangeError('réponse de Direct Line illisible');
  }
  if (typeof body.token !== 'string' || typeof body.conversationId !== 'string') throw new TokenExchangeError('réponse de Direct Line sans jeton');
  const expires = typeof body.expires_in === 'number' ? body.expires_in : 1800;
  return { conversationId: body.conversationId, token: body.token, expires_in: expires, userId };
}
