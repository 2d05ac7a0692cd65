/**
 * One headless Chromium per test file (Debian's, through playwright-core), launched on first use and closed after
 * the file's tests; a skip (a failure in CI) when Chromium is not installed.
 */
import { after, type TestContext } from 'node:test';
import { type Browser, chromium } from 'playwright-core';
import { requireBinaries } from '../fixtures/system.js';

let browser: Browser | undefined;

after(async () => {
  await browser?.close();
});

export async function launchBrowser(t: TestContext): Promise<Browser | undefined> {
  const found = requireBinaries(t, ['chromium'], 'chromium');
  if (!found) return undefined;
  browser ??= await chromium.launch({
    executablePath: found.chromium,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  return browser;
}
