/**
 * Pseudonyms of conversations. Events never hold a conversation id in clear: they hold an
 * HMAC-SHA256 of the channel and the id, keyed with a secret kept out of the store
 * (EVENTS_SECRET). The same conversation gets the same pseudonym on every instance and
 * after a restart; without the secret, nobody can go back from the pseudonym to the id.
 *
 * The user is given a short reference (« CPX-1A2B-3C4D », the pseudonym's first 32 bits)
 * in the error message and in the e-mail to the délégués: the support finds that
 * conversation's events with `npm run report:usage -- --conversation CPX-1A2B-3C4D`.
 */
import { createHmac, randomBytes } from 'node:crypto';

/** Characters of the pseudonym (hex): 64 bits, enough to tell conversations apart. */
const PSEUDONYM_LENGTH = 16;

export function pseudonymize(secret: string, channel: string, conversationId: string): string {
  return createHmac('sha256', secret).update(`${channel}\u0000${conversationId}`).digest('hex').slice(0, PSEUDONYM_LENGTH);
}

/** The reference a user can read out or copy: « CPX- » and the pseudonym's first 8 characters. */
export function referenceOf(pseudonym: string): string {
  const p = pseudonym.slice(0, 8).toUpperCase();
  return `CPX-${p.slice(0, 4)}-${p.slice(4, 8)}`;
}

/** The pseudonym prefix a reference stands for, or undefined when it is not one. */
export function prefixOfReference(reference: string): string | undefined {
  const m = /^\s*(?:CPX-?)?([0-9a-f]{4})-?([0-9a-f]{4})\s*$/i.exec(reference);
  return m ? `${m[1]}${m[2]}`.toLowerCase() : undefined;
}

/** A new random secret (for a local store without EVENTS_SECRET). */
export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
