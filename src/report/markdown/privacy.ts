/** The privacy part of the Markdown report: personal data inventory, where it goes, flows and LINDDUN threats. */
import type { Assessment, Risk } from '../../assess/assessment.js';
import { personalDataDestinations } from '../text.js';
import { list, md, table } from './common.js';

export function privacyMarkdown(a: Assessment): string {
  const out: string[] = [];
  out.push('\n## Privacy\n\n### Personal data inventory\n\n');
  out.push(
    table(
      ['data asset', 'categories', 'sensitive', 'purposes', 'legal basis', 'retention', 'stored in'],
      a.system.dataAssets
        .filter((d) => d.personalData)
        .map((d) => [
          md(d.name),
          d.personalData!.categories.join(', '),
          d.personalData!.sensitive ? 'yes' : 'no',
          d.purposes.map(md).join('; '),
          md(d.legalBasis ?? 'not stated'),
          md(d.retention ?? 'not stated'),
          list(d.storedIn),
        ]),
    ),
  );
  out.push('\n### Where personal data goes\n\n');
  out.push(
    table(
      ['data asset', 'stored in', 'sent to', 'flows'],
      personalDataDestinations(a).map((d) => [md(d.asset.name), list(d.storedIn), list(d.sentTo), d.flows.length]),
    ),
  );
  out.push('\n### Flows carrying personal data\n\n');
  out.push(
    table(
      ['flow', 'from → to', 'protocol', 'encryption', 'crosses a boundary'],
      a.system.flows
        .filter((f) => f.personalData)
        .map((f) => [
          md(f.id),
          `${md(f.from)} → ${md(f.to)}`,
          f.protocol,
          f.encryption,
          f.crossesBoundary ? 'yes' : 'no',
        ]),
    ),
  );
  out.push('\n### Privacy threats (LINDDUN)\n\n');
  out.push(privacyThreats(a.risks));
  return out.join('');
}

function privacyThreats(risks: Risk[]): string {
  const privacy = risks.filter((r) => r.linddun.length > 0);
  return table(
    ['LINDDUN', 'risk', 'where', 'residual'],
    privacy.map((r) => [
      r.linddun.join(', '),
      `${md(r.title)}: ${md(r.message)}`,
      md(r.subject.id),
      md(r.residual.level),
    ]),
  );
}
