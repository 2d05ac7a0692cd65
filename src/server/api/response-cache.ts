/**
 * Responses kept by one server process and served again while a database change counter is unchanged (the systems
 * list: about 3 KB a system, 15 ms of the server's thread to make for 200 systems). The caller reads the counter
 * before asking, and the database bumps it in the transaction of every write that changes what is kept (migration
 * 0005's triggers), so a process never serves anything older than what the database held when the request came,
 * whichever process wrote it. A key that names its content (a model text's SHA-256) needs no counter: version 0.
 * Kept per key (a caller view, a hash), least recently used dropped past a byte budget.
 */
import { createHash } from 'node:crypto';

export interface KeptResponse {
  body: Buffer;
  /** a strong validator: the body's SHA-256, so two processes give one body the same tag */
  etag: string;
}

interface Entry {
  version: number;
  response: Promise<KeptResponse>;
  /** counted once the response is made and only while the entry is kept */
  bytes: number;
}

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(private readonly budget = 32 * 1024 * 1024) {}

  /**
   * The response for `key` as of counter `version`: kept, when it was made at that version, or else made by `make`.
   * Any other version is a change, a lower one too (a database restored under running servers). Requests that arrive
   * while it is being made wait for the same one.
   */
  async get(key: string, version: number, make: () => Promise<string>): Promise<KeptResponse> {
    const kept = this.entries.get(key);
    if (kept && kept.version === version) {
      this.entries.delete(key);
      this.entries.set(key, kept);
      return kept.response;
    }
    const entry: Entry = { version, response: make().then(keptResponse), bytes: 0 };
    if (kept) this.drop(key, kept);
    this.entries.set(key, entry);
    try {
      const response = await entry.response;
      if (this.entries.get(key) === entry) {
        entry.bytes = response.body.length;
        this.bytes += entry.bytes;
        this.trim();
      }
      return response;
    } catch (error) {
      if (this.entries.get(key) === entry) this.drop(key, entry);
      throw error;
    }
  }

  /** How many bytes of responses are kept (for tests). */
  get size(): number {
    return this.bytes;
  }

  private drop(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }

  private trim(): void {
    for (const [key, entry] of this.entries) {
      if (this.bytes <= this.budget || this.entries.size === 1) return;
      this.drop(key, entry);
    }
  }
}

function keptResponse(text: string): KeptResponse {
  const body = Buffer.from(text);
  return { body, etag: `"${createHash('sha256').update(body).digest('base64url')}"` };
}

/** True when the request's If-None-Match names `etag` (or is `*`): the client already has this body. */
export function unchanged(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  // Weak comparison, as RFC 9110 asks for If-None-Match: W/"x" matches "x".
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === etag;
  });
}
