#!/usr/bin/env node
// Part of `npm run build`, after tsc: compiles the CycloneDX 1.6 schema once and writes ajv's standalone code for it
// beside the compiled SBOM reader (dist/verify/sbom/cdx16-validator.standalone.cjs), with the digest of what it came
// from; the setup is the compiled src/verify/sbom/cdx16-validator.ts, the one the run-time path compiles with too.
// `verify` then loads it instead of compiling the schema (0.27–0.34 s) while the digest still fits.
import { writeFileSync } from 'node:fs';
import {
  builtValidatorDigest,
  GENERATED_VALIDATOR,
  readCycloneDx16Schemas,
  standaloneValidatorCode,
} from '../dist/verify/sbom/cdx16-validator.js';

const schemas = readCycloneDx16Schemas();
writeFileSync(GENERATED_VALIDATOR, standaloneValidatorCode(schemas, builtValidatorDigest(schemas)));
