/**
 * Keeping secrets out of evidence: a credential is named by its place in the list and the first 8 hex digits of
 * sha256("user:password") — enough for the owner to tell which default matched, useless to a reader of the report.
 * Text seen from a device is scrubbed of the pair before it is kept, in case the device echoes it.
 */
import { createHash } from 'node:crypto';

export interface Pair {
  username: string;
  password: string;
}

export function pairHash(pair: Pair): string {
  return createHash('sha256').update(`${pair.username}:${pair.password}`).digest('hex').slice(0, 8);
}

/** e.g. "default #2 (sha256 9f86d081)" */
export function pairLabel(pair: Pair, index: number, kind = 'default'): string {
  return `${kind} #${index + 1} (sha256 ${pairHash(pair)})`;
}

/** Replaces the pair's user name and password in `text` (when they are not empty). */
export function scrub(text: string, pair: Pair | undefined): string {
  if (!pair) return text;
  let out = text;
  for (const [secret, mask] of [
    [pair.password, '‹password›'],
    [pair.username, '‹user›'],
  ] as const) {
    if (secret.length > 0) out = out.split(secret).join(mask);
  }
  return out;
}
