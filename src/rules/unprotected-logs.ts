import { allHold, decide, lacks } from './decide.js';
import type { RiskRule } from './rule.js';

/** Security logs that whoever breaks in can read, change or erase. */
export const unprotectedLogs: RiskRule = {
  meta: {
    id: 'unprotected-logs',
    title: 'Security logs are not protected',
    description:
      'Security logs that are not protected against change and unauthorised reading can be wiped by an intruder to hide the attack, or read for the credentials and personal data they contain.',
    riskSource: 'omd-log-tampering',
    stride: ['tampering', 'repudiation', 'information-disclosure'],
    likelihood: 3,
    impact: 3,
    // Protecting the logs removes the cause; a central, watched copy survives an intruder who wipes the local one.
    mitigations: ['log-protection'],
    supporting: ['security-monitoring-and-anomaly-detection', 'audit-log-accessibility'],
    references: ['eu-cra:I.2(l)'],
    asks: ['logging.protected'],
  },
  check(graph) {
    // Only logs the model says exist: whether security events are logged at all is no-security-logging's question.
    return graph.model.elements
      .filter((e) => e.logging?.securityEvents === true)
      .flatMap((element) =>
        decide(
          allHold({ 'logging.protected': lacks(element.logging?.protected) }),
          element.id,
          () => `${element.name} logs security events; whether the logs are protected is not stated.`,
          () => {
            const centralised = element.logging?.centralised === true;
            return {
              subject: element.id,
              message: `${element.name} logs security events but does not protect them against tampering and unauthorised reading${centralised ? '; a central copy exists' : ', and keeps them only locally'}.`,
              likelihood: centralised ? 2 : undefined,
              adjustment: centralised ? 'a central copy survives an intruder who wipes the local logs' : undefined,
            };
          },
        ),
      );
  },
};
