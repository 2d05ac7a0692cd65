import { loadCatalog } from '../../catalog/load.js';
import { didYouMean } from '../../util/suggest.js';
import { COMMON_OPTIONS, type CommandSpec, flag, strings, UsageError } from '../command.js';

export const mapCommand: CommandSpec = {
  usage: 'FRAMEWORK:REQUIREMENT | CONTROL',
  positionals: [1, 1],
  options: {
    catalog: COMMON_OPTIONS.catalog,
    'allow-path': COMMON_OPTIONS['allow-path'],
    json: COMMON_OPTIONS.json,
  },
  examples: [
    { command: 'iotassure map etsi-en-303-645:5.1-1', description: 'controls that cover EN 303 645 provision 5.1-1' },
    { command: 'iotassure map uk-psti:3', description: 'controls that meet the PSTI support-period requirement' },
    {
      command: 'iotassure map unique-device-passwords',
      description: 'what the control satisfies, framework by framework',
    },
  ],
  run(args, io) {
    const catalog = loadCatalog(strings(args, 'catalog'));
    const id = args.positionals[0]!;
    const json = flag(args, 'json');
    const control = catalog.controls.get(id);
    if (control) {
      const mappings = catalog.mappingsOf(control).map((m) => ({ ...m, title: catalog.requirement(m.target)?.title }));
      if (json)
        io.stdout(
          `${JSON.stringify({ control: id, satisfies: mappings.map(({ source: _s, ...m }) => m) }, null, 2)}\n`,
        );
      else {
        io.stdout(`${control.id} — ${control.title} satisfies:\n`);
        for (const m of mappings) io.stdout(`  ${m.target.padEnd(34)} ${m.relationship.padEnd(10)} ${m.title ?? ''}\n`);
      }
      return 0;
    }
    const requirement = catalog.requirement(id);
    if (!requirement) {
      const [framework, req] = id.split(':');
      const hint = id.includes(':')
        ? catalog.frameworks.has(framework!)
          ? didYouMean(req!, catalog.frameworks.get(framework!)!.requirements.keys())
          : didYouMean(framework!, catalog.frameworks.keys())
        : didYouMean(id, catalog.controls.keys());
      throw new UsageError(`"${id}" is neither a control nor a framework:requirement${hint ? `; ${hint}` : ''}`);
    }
    const covering = catalog.controlsFor(requirement.ref);
    if (json) {
      io.stdout(
        `${JSON.stringify({ requirement: requirement.ref, title: requirement.title, controls: covering.map((c) => ({ id: c.control.id, title: c.control.title, relationship: c.mapping.relationship, rationale: c.mapping.rationale })) }, null, 2)}\n`,
      );
    } else {
      io.stdout(`${requirement.ref} — ${requirement.title}\n`);
      if (covering.length === 0) io.stdout('  no control covers it\n');
      for (const c of covering)
        io.stdout(
          `  ${c.control.id.padEnd(44)} ${c.mapping.relationship.padEnd(10)} ${c.mapping.rationale ?? c.control.title}\n`,
        );
    }
    // "No control covers it" is an answer, not a finding: exit 1 is kept for --fail-on (cli.md's exit codes).
    return 0;
  },
};
