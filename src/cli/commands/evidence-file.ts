/**
 * Reads observations saved by `iotassure verify --out` so `assess --evidence` can use them. The format and its
 * schema belong to verification (src/verify/evidence.ts); a bad file gets diagnostics with positions, like a model.
 */
export { readObservations } from '../../evidence/file.js';
