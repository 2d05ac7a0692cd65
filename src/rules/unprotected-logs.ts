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
    mitigations: ['log-protection', 'security-monitoring-and-anomaly-detection'],
    references: ['eu-cra:I.2(l)'],
  },
  check(graph) {
    return graph.model.elements
      .filter((e) => e.logging?.securityEvents === true && e.logging.protected !== true)
      .map((element) => {
        const centralised = element.logging?.centralised === true;
        return {
          subject: element.id,
          message: `${element.name} logs security events but ${element.logging?.protected === false ? 'does not protect' : 'is not stated to protect'} them against tampering and unauthorised reading${centralised ? '; a central copy exists' : ', and keeps them only locally'}.`,
          likelihood: centralised ? 2 : undefined,
        };
      });
  },
};
