import type { Renderer } from './renderer.js';

export const jsonRenderer: Renderer = {
  format: 'json',
  description: 'the complete assessment in the documented, versioned JSON format (docs/json-format.md)',
  render: (assessment) => [{ name: 'assessment.json', content: `${JSON.stringify(assessment, null, 2)}\n` }],
};
