// Writes syntheticModel(N) to a file: `node --import tsx bench/write-model.ts N FILE`.
import { writeFileSync } from 'node:fs';
import { syntheticModel } from './synthetic.js';

writeFileSync(process.argv[3]!, syntheticModel(Number(process.argv[2])));
