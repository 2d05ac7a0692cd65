/** ELK for the command line and the server: the bundled build, which lays out in the calling thread. */
import { createRequire } from 'node:module';
import type { ELK, ELKConstructorArguments } from 'elkjs/lib/elk-api.js';
import { type Layout, layoutDiagram } from './layout.js';
import type { DiagramSpec } from './model.js';

/**
 * elk.bundled.js is CommonJS (`module.exports = ELK`), 1.6 MB of it. It is loaded with require, not import: Node
 * scans a CommonJS file that ESM imports for its named exports, which costs a PDF or HTML report about 0.2 s of CPU
 * here, and the constructor is all we use.
 */
const ElkConstructor = createRequire(import.meta.url)('elkjs/lib/elk.bundled.js') as new (
  args?: ELKConstructorArguments,
) => ELK;

export const bundledElk = (): ELK => new ElkConstructor();

/**
 * The layout of `spec`: the one another thread made of the same system (`made`, see RenderContext.diagramLayout),
 * or, when none was made or that thread could not make it, one made here.
 */
export async function diagramLayout(spec: DiagramSpec, made?: Promise<Layout | undefined>): Promise<Layout> {
  return (await made) ?? layoutDiagram(spec, bundledElk());
}
