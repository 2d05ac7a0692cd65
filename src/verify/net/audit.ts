/**
 * The audit log of verification runs: JSON lines appended to a file next to the evidence, one for the start (scope,
 * its hash, the planned checks, the credential budgets), one per credential submission (before it is sent), one per
 * lockout sign, one per finished check, and one for the end (verdict counts, connections per host:port, credential
 * submissions per address and port). The file is only ever appended to, never through a symbolic link, has mode 0600
 * (also when it existed before), and never holds a credential. ISO/IEC 27400 asks for logs of security-relevant
 * actions to be kept and protected; probing devices is one.
 */
import { appendOnlyFile } from '../../output/write.js';

/** start, check, end and refused (a run stopped by the scope); credential (one submission) and lockout (a latch) */
export type AuditEvent = {
  event: 'start' | 'check' | 'end' | 'refused' | 'credential' | 'lockout';
  [key: string]: unknown;
};

export type AuditSink = (event: AuditEvent) => void;

/** A sink that appends each event as one JSON line to `file`; the file is opened (and checked) at once. */
export function auditFile(file: string): AuditSink {
  const append = appendOnlyFile(file);
  return (event) => append(`${JSON.stringify({ time: new Date().toISOString(), ...event })}\n`);
}
