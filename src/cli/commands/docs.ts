/** `iotassure docs [TOPIC]`: the reference pages that ship in the package, printed offline. */
import { readFileSync } from 'node:fs';
import { packageFile } from '../../util/package-files.js';
import { didYouMean } from '../../util/suggest.js';
import { type CommandSpec, matchWord, UsageError } from '../command.js';

/** Topic → the page under docs/ and what it answers. Every docs/*.md page is a topic (a test keeps it so). */
export const DOC_TOPICS = {
  model: { page: 'model.md', title: 'every key of the system model file (generated from the schema)' },
  cli: { page: 'cli.md', title: 'every command, option and example, and the exit codes' },
  verification: { page: 'verification.md', title: 'live checks, SBOM vulnerability matching, the safety design' },
  reports: { page: 'reports.md', title: 'the HTML, Markdown, SARIF, OSCAL and CSV reports, and diff' },
  modelling: { page: 'modelling.md', title: 'a cookbook of worked model snippets: products, unknown facts, plants, …' },
  'json-format': { page: 'json-format.md', title: 'the documented, versioned JSON assessment format' },
  catalog: { page: 'catalog/README.md', title: 'control families, frameworks, risk sources and facts' },
  'catalog-format': { page: 'catalog-format.md', title: 'adding controls or frameworks of your own' },
  rules: { page: 'rules.md', title: 'writing, testing and suppressing risk rules of your own in YAML' },
  performance: { page: 'performance.md', title: 'benchmark figures' },
  server: { page: 'server.md', title: 'the workspace: iotassure serve, its API, roles, push and pull' },
  architecture: { page: 'architecture.md', title: 'how the code is laid out and why these libraries' },
} as const;
type Topic = keyof typeof DOC_TOPICS;
const TOPICS = Object.keys(DOC_TOPICS) as Topic[];

export const docsCommand: CommandSpec = {
  usage: '[TOPIC]',
  description: `Without TOPIC, lists the topics: ${TOPICS.join(', ')}. The pages are Markdown files in the docs/ folder of the installed package.`,
  positionals: [0, 1],
  options: {},
  examples: [
    { command: 'iotassure docs', description: 'list the topics and where the files are' },
    { command: 'iotassure docs model | less', description: 'every key of the system model, with its meaning' },
  ],
  run(args, io) {
    const [wanted] = args.positionals;
    if (wanted === undefined) {
      const width = Math.max(...TOPICS.map((t) => t.length));
      io.stdout(
        [
          'Topics (iotassure docs TOPIC):',
          ...TOPICS.map((t) => `  ${t.padEnd(width)}  ${DOC_TOPICS[t].title}`),
          '',
          `The pages are Markdown files in ${packageFile('docs/')}`,
          '',
        ].join('\n'),
      );
      return 0;
    }
    const topic = matchWord(wanted, TOPICS);
    if (topic === undefined) {
      throw new UsageError(`no topic "${wanted}"; ${didYouMean(wanted, TOPICS) ?? `topics: ${TOPICS.join(', ')}`}`);
    }
    io.stdout(readFileSync(packageFile(`docs/${DOC_TOPICS[topic].page}`), 'utf8'));
    return 0;
  },
};
