/** The workspace in a browser, for the web tests: a server holding one system, signing in, axe-core's verdict. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDir } from '../fixtures/system.js';
import { launchBrowser } from './browser.js';
import { api, serve, token } from './server-process.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const CAMERA = new URL('../../examples/monitoring-camera/system.yaml', import.meta.url).pathname;

/** axe-core's serious and critical findings on the page (labels, names, contrast, landmarks, keyboard). */
export async function accessibility(page: Page): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's CSP (rightly) refuses injected script tags.
  await page.evaluate(AXE);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[];
  };
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** Chromium and a fresh server holding one system with `yaml` as its model (undefined: no Chromium, skipped). */
export async function serveWith(t: TestContext, system: string, yaml: string) {
  const b = await launchBrowser(t);
  if (!b) return undefined;
  const server = await serve(['--data', tempDir(`iotassure-web-${system}-`)]);
  t.after(() => server.fixture.stop());
  const call = api(server.url, await token(server.url));
  assert.equal((await call('POST', `/api/systems/${system}/revisions`, { yaml })).status, 201);
  return { b, server, call };
}

export async function signIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Portfolio' }).waitFor();
}
