/**
 * A minimal ZIP reader for OSV `all.zip` archives: it lists the central directory (ZIP64 included) and inflates
 * single entries on demand with Node's native zlib. Sized output buffers make one entry cost microseconds, which
 * matters for archives of 100 000+ records; entries are never written to disk, and sizes are capped so a zip bomb
 * is refused rather than inflated.
 */
import { inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated; others are not supported */
  method: number;
  /** offset of the entry's local header */
  localOffset: number;
  compressedSize: number;
  size: number;
  encrypted: boolean;
}

const SIG_EOCD = 0x06054b50;
const SIG_EOCD64 = 0x06064b50;
const SIG_EOCD64_LOCATOR = 0x07064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;

export class ZipFormatError extends Error {
  override name = 'ZipFormatError';
}

/**
 * Where a ZIP archive's central directory is: its entry headers run from `start` to `end`, and the end records
 * (ZIP64 included) from there to the end of the archive; the classic end record is at `eocd`. Every entry's name,
 * CRC-32, sizes and offset are in the bytes from `start` on.
 */
export function centralDirectory(buf: Buffer): { start: number; end: number; eocd: number } {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === SIG_EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ZipFormatError('no end of central directory record: not a ZIP archive');
  let start = buf.readUInt32LE(eocd + 16);
  let end = eocd;
  // ZIP64: the locator sits just before the classic record and points at the 64-bit one
  const locator = eocd - 20;
  if (locator >= 0 && buf.readUInt32LE(locator) === SIG_EOCD64_LOCATOR) {
    const eocd64 = Number(buf.readBigUInt64LE(locator + 8));
    if (eocd64 + 56 <= buf.length && buf.readUInt32LE(eocd64) === SIG_EOCD64) {
      start = Number(buf.readBigUInt64LE(eocd64 + 48));
      end = eocd64;
    }
  }
  return { start, end, eocd };
}

/** Lists the entries of a ZIP archive held in memory. */
export function listZip(buf: Buffer): ZipEntry[] {
  const { start: cdOffset, end: cdEnd, eocd } = centralDirectory(buf);
  const entries: ZipEntry[] = [];
  // walk the directory by signature rather than trusting the 16-bit entry count, which writers without ZIP64
  // support wrap around above 65 535 entries
  let p = cdOffset;
  while (p + 46 <= cdEnd && buf.readUInt32LE(p) === SIG_CENTRAL) {
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    let compressedSize = buf.readUInt32LE(p + 20);
    let size = buf.readUInt32LE(p + 24);
    const nameLength = buf.readUInt16LE(p + 28);
    const extraLength = buf.readUInt16LE(p + 30);
    const commentLength = buf.readUInt16LE(p + 32);
    let localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLength);
    if (size === 0xffffffff || compressedSize === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 extended information: only the fields that overflowed are present, in this order
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = buf.readUInt16LE(e);
        const len = buf.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (size === 0xffffffff) {
            size = Number(buf.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff) {
            compressedSize = Number(buf.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === 0xffffffff) localOffset = Number(buf.readBigUInt64LE(q));
          break;
        }
        e += 4 + len;
      }
    }
    entries.push({ name, method, localOffset, compressedSize, size, encrypted: (flags & 1) === 1 });
    p += 46 + nameLength + extraLength + commentLength;
  }
  if (entries.length === 0 && buf.readUInt16LE(eocd + 10) !== 0) {
    throw new ZipFormatError('the central directory could not be read');
  }
  return entries;
}

/** The uncompressed bytes of one entry; throws ZipFormatError for unsupported, corrupt or oversized entries. */
export function readZipEntry(buf: Buffer, entry: ZipEntry, maxBytes: number): Buffer {
  if (entry.encrypted) throw new ZipFormatError(`${entry.name}: encrypted entries are not supported`);
  if (entry.size > maxBytes)
    throw new ZipFormatError(`${entry.name}: ${entry.size} bytes is over the limit of ${maxBytes}`);
  const p = entry.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== SIG_LOCAL) {
    throw new ZipFormatError(`${entry.name}: bad local header`);
  }
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  const end = start + entry.compressedSize;
  if (end > buf.length) throw new ZipFormatError(`${entry.name}: truncated`);
  const data = buf.subarray(start, end);
  if (entry.method === 0) return data;
  if (entry.method !== 8)
    throw new ZipFormatError(`${entry.name}: compression method ${entry.method} is not supported`);
  try {
    // one output chunk a little larger than the entry: zlib then finishes in one pass instead of asking for more room
    return inflateRawSync(data, {
      chunkSize: Math.max(64, Math.min(entry.size, maxBytes) + 64),
      maxOutputLength: maxBytes,
    });
  } catch (error) {
    throw new ZipFormatError(`${entry.name}: ${(error as Error).message}`);
  }
}
