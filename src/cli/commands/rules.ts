import { loadCatalog } from '../../catalog/load.js';
import { SystemGraph } from '../../model/graph.js';
import { RULES } from '../../rules/index.js';
import { ruleChecks, snippetModel } from '../../rules/tester.js';
import { loadUserRules, type UserRule } from '../../rules/user-rules.js';
import { forTerminal } from '../../util/terminal.js';
import { COMMON_OPTIONS, type CommandIO, type CommandSpec, strings, UsageError } from '../command.js';

export const rulesCommand: CommandSpec = {
  usage: '[test FILE...]',
  description:
    'Without arguments: the built-in rules with their ISO/IEC 27400 risk source, threat categories and mitigating ' +
    'controls (with --rules, yours too). test FILE...: validate rules files and run each rule’s table of models that ' +
    'must and must not raise it, with the tester the built-in rules are tested with; exit 1 when a case fails.',
  positionals: [0, 1000],
  options: {
    rules: COMMON_OPTIONS.rules,
    catalog: COMMON_OPTIONS.catalog,
    json: { type: 'boolean', description: 'print the rules as JSON' },
  },
  examples: [
    { command: 'iotassure rules', description: 'the rules, one per line' },
    { command: 'iotassure rules test my-rules.yaml', description: 'run the test tables of your own rules' },
  ],
  run(args, io) {
    const [action, ...files] = args.positionals;
    if (action !== undefined && action !== 'test') {
      throw new UsageError(`unknown action "${action}"; the only action is \`test FILE...\``);
    }
    const catalog = loadCatalog(strings(args, 'catalog'));
    const load = (paths: readonly string[]) =>
      loadUserRules(
        paths.map((path) => ({ path, named: path })),
        catalog,
        RULES,
      );
    if (action === 'test') {
      if (files.length === 0) throw new UsageError('`rules test` needs the rules files to test');
      return testRules(load(files), io);
    }
    const rules = [...RULES, ...load(strings(args, 'rules'))];
    if (args.values.json) {
      io.stdout(
        `${JSON.stringify(
          rules.map((r) => ({ ...r.meta, origin: r.origin ?? 'built-in', file: r.file })),
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    for (const { meta } of rules) {
      const threats = [...(meta.stride ?? []), ...(meta.linddun ?? [])].join(', ');
      const details = `${meta.riskSource} · ${threats} · L${meta.likelihood}×I${meta.impact} · ${meta.mitigations.join(', ')}`;
      io.stdout(`${forTerminal(`${meta.id.padEnd(40)} ${meta.title}`)}\n${' '.repeat(41)}${forTerminal(details)}\n`);
    }
    return 0;
  },
};

/** Runs every rule's table and prints each check; 1 when any fails. */
function testRules(rules: readonly UserRule[], io: CommandIO): number {
  let passed = 0;
  let failed = 0;
  for (const rule of rules) {
    io.stdout(`${forTerminal(`${rule.file}:${rule.source.line}: ${rule.meta.id}`)}\n`);
    const build = (yaml: string) => new SystemGraph(snippetModel(yaml, `model of a case of ${rule.meta.id}`));
    for (const check of ruleChecks(rule, rule.tests, build)) {
      const problems = check.run();
      const name = check.kind === 'table' ? check.name : `${check.kind}: ${check.name}`;
      io.stdout(`${forTerminal(`  ${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}`)}\n`);
      for (const problem of problems) io.stdout(`${forTerminal(`         ${problem}`)}\n`);
      if (problems.length === 0) passed++;
      else failed++;
    }
  }
  io.stdout(`${passed} passed, ${failed} failed\n`);
  return failed > 0 ? 1 : 0;
}
