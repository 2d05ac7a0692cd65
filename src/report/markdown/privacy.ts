/** The privacy part of the Markdown report: personal data inventory, where it goes, flows and LINDDUN threats. */
import type { Assessment } from '../../assess/assessment.js';
import { personalDataAssets, personalDataDestinations, personalDataFlows, privacyThreats } from '../text.js';
import { list, md, table } from './common.js';

export function privacyMarkdown(a: Assessment): string {
  const out: string[] = [];
  out.push('\n## Privacy\n\n### Personal data inventory\n\n');
  out.push(
    table(
      ['data asset', 'categories', 'sensitive', 'purposes', 'legal basis', 'retention', 'stored in'],
      personalDataAssets(a).map((d) => [
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
      personalDataFlows(a).map(({ flow: f }) => [
        md(f.id),
        `${md(f.from)} → ${md(f.to)}`,
        f.protocol,
        f.encryption,
        f.crossesBoundary ? 'yes' : 'no',
      ]),
    ),
  );
  out.push('\n### Privacy threats (LINDDUN)\n\n');
  out.push(threatTable(a));
  return out.join('');
}

function threatTable(a: Assessment): string {
  return table(
    ['LINDDUN', 'risk', 'where', 'residual'],
    privacyThreats(a).map((r) => [
      r.linddun.join(', '),
      `${md(r.title)}: ${md(r.message)}`,
      md(r.subject.id),
      md(r.residual.level),
    ]),
  );
}
