import { testRule } from '../../test/support/rule-tester.js';
import { noSbom } from './no-sbom.js';

testRule(noSbom, {
  onlyAsks: 'the model names where an SBOM is and cannot yet state that none is kept',
  raises: [],
  passes: [
    {
      name: 'a system that names its SBOM',
      model: `
system: { name: Smart home, lifecycle: { sbom: sbom/cyclonedx.json } }
elements: [{ id: cam, kind: camera }]`,
    },
    {
      name: 'a system, or a declared product, that names none: a question',
      model: `
system: { id: home, name: Smart home }
products:
  - { id: cam-product, elements: [cam], sbom: sbom/cam.cdx.json }
  - { id: hub-product, elements: [hub] }
elements:
  - { id: cam, kind: camera }
  - { id: hub, kind: hub }`,
      asks: { 'hub-product': ['sbom'] },
    },
    {
      name: 'the system asked when no products are declared',
      model: `
system: { id: home, name: Smart home }
elements: [{ id: cam, kind: camera }]`,
      asks: { home: ['system.lifecycle.sbom'] },
    },
  ],
});
