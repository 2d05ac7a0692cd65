/**
 * Files that ship in the npm package beside dist/ (examples, docs), found from this module's own location so the
 * CLI finds them from a checkout, a global install or npx alike.
 */
import { fileURLToPath } from 'node:url';

/**
 * `path` inside the package root: src/util/, dist/util/ and the CLI's bundle dist/bundle/cli.cjs (whose
 * `import.meta.url` is its own) are all two levels below it.
 */
export const packageFile = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
