/**
 * The worker's tasks: an assessment right after a check of the same text reuses the checked model and gives what a
 * fresh load gives; an assessment of another text never gets the checked one's model.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { assessModel, checkModel } from '../../src/server/jobs/assess-task.js';

const text = (example: string) => readFileSync(`examples/${example}/system.yaml`, 'utf8').replace(/^rules:.*$/m, '');
const camera = text('monitoring-camera');
const home = text('smart-home');

function json(result: ReturnType<typeof assessModel>): string {
  assert.ok(result.ok, !result.ok ? result.error : '');
  return result.json;
}

it('assesses a text just checked as a fresh load does', () => {
  const fresh = json(assessModel('s.yaml', camera));
  assert.equal(checkModel('s.yaml', camera).ok, true);
  assert.equal(json(assessModel('s.yaml', camera)), fresh);
});

it('assesses the text it is given, not the one checked before it', () => {
  assert.equal(checkModel('s.yaml', camera).ok, true);
  const other = JSON.parse(json(assessModel('s.yaml', home)));
  assert.equal(other.model.name, JSON.parse(json(assessModel('s.yaml', home))).model.name);
  assert.notEqual(other.model.name, JSON.parse(json(assessModel('s.yaml', camera))).model.name);
  // the same text under another system's file name is loaded again (its messages name that file)
  assert.equal(checkModel('a.yaml', camera).ok, true);
  assert.match(json(assessModel('b.yaml', camera)), /b\.yaml/);
});
