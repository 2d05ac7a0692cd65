/** ELK for the command line and the server: the bundled build, which lays out in the calling thread. */
import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK, ELKConstructorArguments } from 'elkjs/lib/elk-api.js';

/**
 * elk.bundled.js is CommonJS (`module.exports = ELK`) but its typings say `export default`, which NodeNext reads as
 * `module.exports.default`; at run time the default import is the constructor itself.
 */
const ElkConstructor = elkBundled as unknown as new (args?: ELKConstructorArguments) => ELK;

export const bundledElk = (): ELK => new ElkConstructor();
