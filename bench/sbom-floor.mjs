#!/usr/bin/env node
// The floor SBOM matching is measured against: one thread that reads the same OSV all.zip, inflates every entry and
// JSON.parses it, and does nothing else. Any matcher must at least read every record of an all.zip (a record's
// packages are inside its compressed bytes), so this is what reading the database costs on this machine, now.
// Prints one JSON line {totalMs, cpuMs, records, peakRssMb}.  Usage: node bench/sbom-floor.mjs OSV_ZIP
import { readFileSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

const t0 = performance.now();
const cpu0 = process.cpuUsage();
const buf = readFileSync(process.argv[2]);
// the central directory: each entry's method, sizes and local header offset
let eocd = buf.length - 22;
while (buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
let p = buf.readUInt32LE(eocd + 16);
let records = 0;
let parsed = 0;
while (buf.readUInt32LE(p) === 0x02014b50) {
  const method = buf.readUInt16LE(p + 10);
  const compressedSize = buf.readUInt32LE(p + 20);
  const size = buf.readUInt32LE(p + 24);
  const local = buf.readUInt32LE(p + 42);
  p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const data = buf.subarray(start, start + compressedSize);
  // an output chunk the entry's size lets zlib finish in one pass (the fastest way node:zlib offers)
  const bytes = method === 0 ? data : inflateRawSync(data, { chunkSize: Math.max(64, size + 64) });
  if (JSON.parse(bytes.toString('utf8')).id) parsed++;
  records++;
}
const totalMs = Math.round(performance.now() - t0);
const cpu = process.cpuUsage(cpu0);
if (parsed !== records) throw new Error(`${records - parsed} records without an id`);
console.log(
  JSON.stringify({
    totalMs,
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    records,
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
