/**
 * Synthetic system models for benchmarks and scale tests: a fleet of sites, each with a gateway, sensors,
 * actuators and cameras, talking to cloud services — about three flows per element, written as a user would
 * (templates, flow-style YAML). Deterministic for a given size.
 */

export function syntheticModel(elements: number): string {
  const lines: string[] = [
    'iotassure: 1',
    'system:',
    `  name: Synthetic fleet of ${elements} elements`,
    '  region: EU',
    '  lifecycle: { supportPeriod: { end: 2031-12-31, published: true }, vulnerabilityDisclosure: { contact: psirt@example.com } }',
    'organisations:',
    '  - { id: maker, roles: [developer, provider], region: EU }',
    '  - { id: operator, roles: [user], region: EU }',
    '  - { id: analytics, roles: [], region: US }',
    'templates:',
    '  - { id: t-sensor, kind: sensor, developer: maker, constrained: true, sensing: [presence, environmental], authentication: { passwords: unique-per-device }, update: { mechanism: automatic, signed: true }, services: [{ protocol: coap, port: 5683, authentication: psk }] }',
    '  - { id: t-actuator, kind: actuator, developer: maker, safetyRelevant: true, authentication: { passwords: user-defined, bruteForceProtection: true }, update: { mechanism: manual, signed: false } }',
    '  - { id: t-camera, kind: camera, developer: maker, sensing: [camera, microphone], authentication: { passwords: shared-default }, update: { mechanism: automatic, signed: true }, debugInterfaces: [{ kind: uart, state: enabled, physicallyAccessible: true }], services: [{ protocol: rtsp, port: 554, authentication: password }, { protocol: telnet, port: 23, purpose: debug }] }',
    '  - { id: t-gateway, kind: gateway, developer: maker, logging: { securityEvents: true }, update: { mechanism: automatic, signed: true }, services: [{ protocol: https, port: 443, purpose: admin, authentication: password }] }',
    'zones:',
    '  - { id: cloud, kind: cloud }',
    '  - { id: internet, kind: internet }',
  ];
  const sites = Math.max(1, Math.round(elements / 50));
  for (let s = 0; s < sites; s++) {
    lines.push(
      `  - { id: site-${s}, kind: ${s % 3 === 0 ? 'public-space' : s % 3 === 1 ? 'customer-premises' : 'industrial'} }`,
    );
  }
  lines.push(
    'dataAssets:',
    '  - { id: readings, classification: internal }',
    '  - { id: presence, personalData: { categories: [behavioural] }, legalBasis: legitimate-interests, retention: 90d, purposes: [occupancy] }',
    '  - { id: video, personalData: { categories: [image, audio], subjects: [passers-by] }, retention: unlimited }',
    '  - { id: commands, classification: confidential }',
    'elements:',
    '  - { id: platform, kind: cloud-service, zone: cloud, operator: maker, logging: { securityEvents: true, protected: true } }',
    '  - { id: store, kind: data-store, zone: cloud, operator: maker, encryptionAtRest: true }',
    '  - { id: partner, kind: external-party, zone: internet, operator: analytics, region: US }',
  );
  const flows: string[] = [];
  const devices = elements - 3;
  for (let i = 0; i < devices; i++) {
    const site = i % sites;
    const role = i % 50 === 0 ? 't-gateway' : i % 10 === 0 ? 't-camera' : i % 7 === 0 ? 't-actuator' : 't-sensor';
    const gateway = `d${site}`;
    lines.push(
      `  - { id: d${i}, template: ${role}, zone: site-${site}, operator: operator${i % 25 === 0 ? ', count: 20' : ''} }`,
    );
    if (role === 't-gateway') {
      flows.push(
        `  - { id: f${i}a, from: d${i}, to: platform, protocol: mqtts, authentication: certificate, data: [readings, presence] }`,
      );
      flows.push(
        `  - { id: f${i}b, from: platform, to: d${i}, protocol: mqtts, authentication: certificate, data: [commands], purpose: control }`,
      );
      flows.push(
        `  - { id: f${i}c, from: d${i}, to: store, protocol: https, authentication: token, data: [readings] }`,
      );
    } else {
      const to = i === site ? 'platform' : gateway;
      flows.push(
        `  - { id: f${i}a, from: d${i}, to: ${to}, protocol: ${role === 't-camera' ? 'rtsp' : 'coap'}, authentication: psk, data: [${role === 't-camera' ? 'video' : 'readings, presence'}] }`,
      );
      flows.push(
        `  - { id: f${i}b, from: ${to}, to: d${i}, protocol: coap, authentication: psk, data: [commands], purpose: control }`,
      );
      flows.push(
        `  - { id: f${i}c, from: d${i}, to: ${i % 13 === 0 ? 'partner' : 'platform'}, protocol: https, authentication: token, data: [${i % 13 === 0 ? 'presence' : 'readings'}], purpose: telemetry }`,
      );
    }
  }
  lines.push('flows:');
  for (const flow of flows) lines.push(flow);
  lines.push(
    'assessment:',
    '  controls:',
    '    password-credential-quality: { status: implemented }',
    '    secure-update-mechanism: { status: verified }',
    '    user-change-default-credentials: { status: planned }',
  );
  return `${lines.join('\n')}\n`;
}
