/**
 * The web application in Debian's Chromium (playwright-core) against a real `iotassure serve`: sign in, upload a
 * model, change a control's status with an evidence file and see the risk's residual level change, sign off as
 * preparer, auditor and approver, read the audit log, be refused where the role does not allow, and check labels
 * and keyboard use with axe-core. Screenshots go to IOTASSURE_SCREENSHOTS (else the test's temporary folder).
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { tempDir } from '../fixtures/system.js';
import { launchBrowser as launch } from '../support/browser.js';
import { ADMIN } from '../support/server.js';
import { serve, sessionApi } from '../support/server-process.js';
import { accessibility, CAMERA, serveWith, signIn } from '../support/web.js';

const dir = tempDir('iotassure-web-');
const SCREENSHOTS = process.env.IOTASSURE_SCREENSHOTS || join(dir, 'screenshots');

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `workspace-${name}.png`), fullPage: false });
}

/**
 * The text selected in the model editor (CodeMirror mirrors its selection into the DOM's, less the indentation; the
 * editor lives in a shadow root, whose selection Chromium gives).
 */
async function selectedText(page: Page): Promise<string> {
  await page.getByRole('textbox', { name: 'Model YAML' }).waitFor();
  return (await page.evaluate("String(document.querySelector('.model-editor').shadowRoot.getSelection())")) as string;
}

/** The editor shows line `n` of `lines` as its current line, selected. */
async function lineSelected(page: Page, lines: string[], n: number): Promise<void> {
  assert.equal((await selectedText(page)).trim(), lines[n - 1]!.trim());
  assert.equal(await page.locator('.cm-activeLine').textContent(), lines[n - 1]);
}

/**
 * Accepts the selected completion with Enter. CodeMirror ignores Enter for its first 75 ms on a new list (so that
 * a fast typist's Enter is a new line), hence the pause.
 */
async function accept(page: Page): Promise<void> {
  await page.waitForTimeout(150);
  await page.keyboard.press('Enter');
}

/** Presses keys one after the other. */
async function press(page: Page, ...keys: string[]): Promise<void> {
  for (const key of keys) await page.keyboard.press(key);
}

/** The Backspace presses that delete `word` before the cursor. */
const backspaces = (word: string): string[] => Array.from(word, () => 'Backspace');

test('the workspace in a browser: upload, evidence, residual risk, sign-off, audit log, refusals', async (t) => {
  const b = await launch(t);
  if (!b) return;
  const server = await serve(['--data', tempDir('iotassure-web-store-')]);
  t.after(() => server.fixture.stop());
  // People and roles are set up through the API; everything the test checks is done in the browser.
  const admin = await sessionApi(server.url);
  const people: Record<string, string> = {};
  for (const email of ['audrey@example.org', 'olga@example.org', 'victor@example.org']) {
    const res = await admin('POST', '/api/users', { email, password: 'a long test password' });
    assert.equal(res.status, 201, res.text);
    people[email] = res.json.user.id;
  }

  const context = await b.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // 401 (before signing in), 403 and 409 are answers the page shows; other console errors are bugs.
    if (m.type() === 'error' && !/status of 40[139]/.test(m.text())) errors.push(m.text());
  });
  await signIn(page, server.url, ADMIN.email, ADMIN.password);
  await shot(page, 'portfolio-empty');
  assert.deepEqual(await accessibility(page), []);

  // Upload a model through the form.
  await page.getByLabel('System id').fill('camera');
  await page.getByLabel('Model file (YAML)').setInputFiles(CAMERA);
  await page.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('heading', { name: 'Vistacam shop monitoring' }).waitFor();
  await page.getByRole('heading', { name: /Summary \(assessed/ }).waitFor({ timeout: 60_000 });
  for (const [email, role] of [
    ['audrey@example.org', 'auditor'],
    ['olga@example.org', 'owner'],
    ['victor@example.org', 'viewer'],
  ] as const) {
    assert.equal((await admin('PUT', `/api/systems/camera/members/${people[email]}`, { role })).status, 204);
  }
  await shot(page, 'system-overview');

  // The risk this control mitigates, before.
  await page.getByRole('link', { name: 'risks', exact: true }).click();
  const riskRow = page.locator('tr[data-risk="account-without-multi-factor:cloud-video"]');
  await riskRow.waitFor();
  const riskId = await riskRow.getAttribute('data-risk');
  const before = await riskRow.locator('td').first().textContent();
  assert.deepEqual(await accessibility(page), []);

  // Change the control's status with an evidence file (one the model's facts do not contradict at the camera).
  await page.goto(`${server.url}/systems/camera/controls/secure-ecosystem-interfaces`);
  await page
    .getByRole('heading', { name: /secure cloud services/i })
    .first()
    .waitFor();
  const evidence = join(dir, 'api-test.txt');
  writeFileSync(evidence, 'Cloud API and app interface security test: report');
  const upload = page.getByRole('group', { name: 'Upload evidence' });
  await upload.getByLabel('File').setInputFiles(evidence);
  await upload.getByLabel('Title').fill('API test');
  await upload.getByLabel('Kind').selectOption('test');
  await upload.getByRole('button', { name: 'Upload' }).click();
  await page.getByRole('link', { name: 'API test' }).waitFor({ timeout: 60_000 });
  await page.locator('select[name="status"]').selectOption('verified');
  await page.getByRole('button', { name: 'Save status' }).click();
  await page.getByText(/Saved /).waitFor();
  await shot(page, 'control');
  assert.deepEqual(await accessibility(page), []);

  // The residual level falls once the new revision is assessed (in the background; the page follows it).
  await page.getByRole('link', { name: 'risks', exact: true }).click();
  const afterRow = page.locator(`tr[data-risk="${riskId}"]`);
  await page.getByText(/^Revision 3 · your role: owner$/).waitFor({ timeout: 60_000 });
  const afterLevel = await afterRow.locator('td').first().textContent();
  assert.equal(before, 'high');
  assert.equal(afterLevel, 'medium', `residual of ${riskId} falls (${before} → ${afterLevel})`);
  await shot(page, 'risks');

  // How the level came about: the rule's default, what this model changed, what reduced it.
  await afterRow.getByText(/^rule default: likelihood \d × impact \d$/).waitFor();
  await afterRow.getByText(/^reduced by: secure-ecosystem-interfaces \(primary, verified\)$/).waitFor();

  // A status for one element only (the app): its product's row changes, the camera keeps the system-wide status.
  // (A product scope would also cover the cloud services the camera shares with the app.)
  await page.goto(`${server.url}/systems/camera/controls/secure-ecosystem-interfaces`);
  const camera = page.locator('#per-product ~ table tr[data-product="c2-camera"] td');
  const cameraBefore = await camera.textContent();
  const statusForm = page.getByRole('group', { name: 'Status' });
  await statusForm.getByLabel('For').selectOption({ label: 'element Vistacam app' });
  await page.locator('select[name="status"]').selectOption('planned');
  await page.getByRole('button', { name: 'Save status' }).click();
  await page.getByText(/^Revision 4 · your role: owner$/).waitFor({ timeout: 60_000 });
  await page.locator('tr[data-product="vistacam-app"] td', { hasText: /^planned$/ }).waitFor({ timeout: 60_000 });
  assert.equal(await camera.textContent(), cameraBefore);
  assert.deepEqual(await accessibility(page), []);

  // Findings on the overview, each linked to its line of the model.
  await page.getByRole('link', { name: 'overview', exact: true }).click();
  const finding = page.locator('tr[data-finding="expired-evidence"]');
  await finding.waitFor();
  assert.deepEqual(await accessibility(page), []);
  await shot(page, 'findings');
  await finding.getByRole('link', { name: /^line \d+$/ }).click();
  await page.getByRole('heading', { name: /line \d+ selected/ }).waitFor();
  assert.match(await selectedText(page), /ev-pentest-2025/);

  // Questions: the facts the model leaves open.
  await page.getByRole('link', { name: 'questions', exact: true }).click();
  await page.locator('tr[data-question="debugInterfaces:recorder"]').waitFor();
  assert.deepEqual(await accessibility(page), []);

  // Conformance per product: out-of-scope products say so, undetermined verdicts stay undetermined.
  await page.getByRole('link', { name: 'conformance', exact: true }).click();
  const psti = page.locator('section', { has: page.getByRole('heading', { name: /PSTI/ }) }).first();
  await psti.getByText(/^Vistacam app: not in scope/).waitFor();
  await psti.locator('details[data-product="c2-camera"] summary').click();
  await psti.locator('details[data-product="c2-camera"] tr[data-provision]').first().waitFor();
  assert.ok((await page.locator('td.support-undetermined').count()) > 0, 'undetermined is shown as such');
  assert.deepEqual(await accessibility(page), []);
  await shot(page, 'conformance');

  // The diff between the last two revisions: the app's status change, per product.
  await page.getByRole('link', { name: 'diff', exact: true }).click();
  await page.getByLabel('From').selectOption('3');
  const changed = page.locator('tr[data-control="secure-ecosystem-interfaces"]');
  await changed.getByText('vistacam-app: verified → planned').waitFor();
  assert.deepEqual(await accessibility(page), []);
  await shot(page, 'diff');

  // Sign-off by three people in order.
  await page.getByRole('link', { name: 'sign-off', exact: true }).click();
  await page.getByRole('button', { name: 'Mark as prepared' }).click();
  await page.getByText(/prepared by Administrator/).waitFor();
  for (const [email, step] of [
    ['audrey@example.org', 'reviewed'],
    ['olga@example.org', 'approved'],
  ] as const) {
    const other = await (await b.newContext()).newPage();
    await signIn(other, server.url, email, 'a long test password');
    await other.goto(`${server.url}/systems/camera/sign-off`);
    await other.getByRole('button', { name: `Mark as ${step}` }).click();
    await other.getByText(new RegExp(`${step} by ${email}`)).waitFor();
    if (step === 'approved') {
      await other.getByRole('heading', { name: /signed off/ }).waitFor();
      await shot(other, 'signed-off');
    }
  }

  // The audit log shows what happened.
  await page.getByRole('link', { name: 'audit', exact: true }).click();
  for (const action of [
    'evidence.upload',
    'control.edit',
    'signoff.prepared',
    'signoff.reviewed',
    'signoff.approved',
  ]) {
    await page.getByRole('cell', { name: action, exact: true }).first().waitFor();
  }
  await shot(page, 'audit');

  // A viewer is refused: the forms are disabled, and the API says why if asked anyway.
  const viewer = await (await b.newContext()).newPage();
  await signIn(viewer, server.url, 'victor@example.org', 'a long test password');
  await viewer.goto(`${server.url}/systems/camera/controls/debug-interface-protection`);
  await viewer.getByRole('heading', { name: /debug/i }).first().waitFor();
  assert.equal(await viewer.getByRole('button', { name: 'Save status' }).isDisabled(), true);
  const refused = await viewer.evaluate(async () => {
    const res = await fetch('/api/systems/camera/controls/debug-interface-protection', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ base: 1, status: 'planned' }),
    });
    return res.status;
  });
  assert.equal(refused, 403);
  await viewer.goto(`${server.url}/systems/camera/audit`);
  await viewer.getByText('Your role does not show the audit log.').waitFor();

  // Keyboard: the sign-in form is reachable and usable with Tab and Enter alone.
  const keyboard = await (await b.newContext()).newPage();
  await keyboard.goto(server.url);
  await keyboard.getByLabel('Email').waitFor();
  await keyboard.keyboard.press('Tab');
  await keyboard.keyboard.type(ADMIN.email);
  await keyboard.keyboard.press('Tab');
  await keyboard.keyboard.type(ADMIN.password);
  await keyboard.keyboard.press('Enter');
  await keyboard.getByRole('heading', { name: 'Portfolio' }).waitFor();
  assert.deepEqual(errors, []);
});

test('hostile model text stays text in the workspace', async (t) => {
  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
  const yaml = readFileSync(CAMERA, 'utf8').replace('name: Vistacam shop monitoring', `name: '${hostile}'`);
  const started = await serveWith(t, 'hostile', yaml);
  if (!started) return;
  const { b, server } = started;
  const page = await (await b.newContext()).newPage();
  await signIn(page, server.url, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: hostile }).click();
  await page.getByRole('heading', { name: hostile }).waitFor();
  await page.getByRole('heading', { name: /Summary \(assessed/ }).waitFor({ timeout: 60_000 });
  assert.equal(await page.evaluate('window.__pwned'), undefined);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
});

test("the model editor: schema diagnostics and completion while typing, the CLI's diagnostics, saving, a stale base", async (t) => {
  const model = readFileSync(CAMERA, 'utf8');
  const started = await serveWith(t, 'camera', model);
  if (!started) return;
  const { b, server, call } = started;
  const lines = model.split('\n');
  const lineOf = (pattern: RegExp) => lines.findIndex((l) => pattern.test(l)) + 1;
  const nameLine = lineOf(/^ {2}name: Vistacam shop monitoring$/);
  const zoneLine = lineOf(/^ {4}zone: shop-lan$/);

  const page = await (await b.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    // 401 before signing in and the 409 of the stale save are answers the page shows
    if (m.type() === 'error' && !/status of 40[19]/.test(m.text())) errors.push(m.text());
  });
  const scripts: string[] = [];
  page.on('request', (r) => r.resourceType() === 'script' && scripts.push(new URL(r.url()).pathname));
  await signIn(page, server.url, ADMIN.email, ADMIN.password);
  await page.goto(`${server.url}/systems/camera/overview`);
  await page.getByRole('heading', { name: /Summary \(assessed/ }).waitFor({ timeout: 60_000 });
  const editorChunk = (s: string) => /\/ModelEditor-[\w-]+\.js$/.test(s);
  assert.deepEqual(scripts.filter(editorChunk), [], 'the other pages do not download the editor');

  // The editor loads the model's text; a line in the address is selected and has the focus.
  await page.getByRole('link', { name: 'model', exact: true }).click();
  const editor = page.getByRole('textbox', { name: 'Model YAML' });
  await editor.waitFor();
  assert.equal(scripts.filter(editorChunk).length, 1, scripts.join(' '));
  assert.equal(await page.locator('.cm-line').first().textContent(), lines[0]);
  await page.goto(`${server.url}/systems/camera/model/${nameLine}`);
  await lineSelected(page, lines, nameLine);
  assert.deepEqual(await accessibility(page), []);
  const problems = page.getByRole('list', { name: 'problems' });
  const problem = (text: RegExp) => problems.getByRole('listitem').filter({ hasText: text });

  // An unknown key, then a value the schema does not allow: each is marked at its line while typing.
  await page.keyboard.press('End');
  await page.keyboard.insertText('\n  colour: red');
  const colour = problem(/unknown key "colour"/);
  await colour.waitFor();
  assert.equal(await colour.getByRole('button').textContent(), `line ${nameLine + 1}`);
  await page.locator('.cm-lintRange-error', { hasText: /^colour$/ }).waitFor();
  await page.keyboard.insertText('\n  category: toy');
  const toy = problem(/"toy" is not allowed here; expected one of "consumer"/);
  await toy.waitFor();
  assert.equal(await toy.getByRole('button').textContent(), `line ${nameLine + 2}`);
  await page.locator('.cm-lintRange-error', { hasText: /^toy$/ }).waitFor();
  await shot(page, 'editor-schema');
  // the list's line button takes the keyboard to the problem
  await colour.getByRole('button').click();
  assert.equal(await page.locator('.cm-activeLine').textContent(), '  colour: red');

  // Completion: the keys the schema allows at the cursor, then the values of the key, with its description.
  await press(page, 'End', 'Shift+Home', 'Shift+Home');
  await page.keyboard.insertText('  ');
  await page.keyboard.type('mar');
  await page.getByRole('option', { name: /^markets/ }).waitFor();
  assert.equal(await page.getByRole('option').count(), 1, 'only keys that fit the typed word and are not written');
  await accept(page);
  assert.equal(await page.locator('.cm-activeLine').textContent(), '  markets: ');
  await press(page, 'ArrowDown', 'End', ...backspaces('toy'));
  await page.keyboard.type('ind');
  await page.getByRole('option', { name: /^industrial/ }).waitFor();
  await page.locator('.cm-completionInfo', { hasText: /category of every product/ }).waitFor();
  await shot(page, 'editor-completion');
  await accept(page);
  assert.equal(await page.locator('.cm-activeLine').textContent(), '  category: industrial');
  await toy.waitFor({ state: 'detached' });
  await colour.waitFor({ state: 'detached' });

  // The CLI's diagnostics (from the server, once typing stops): an unknown zone is not the schema's business.
  await page.goto(`${server.url}/systems/camera/model/${zoneLine}`);
  await lineSelected(page, lines, zoneLine);
  await press(page, 'End', ...backspaces('shop-lan'));
  await page.keyboard.type('nowhere');
  const zone = problem(/unknown zone "nowhere"/);
  await zone.waitFor();
  assert.match(
    (await zone.textContent()) ?? '',
    new RegExp(`^line ${zoneLine} .*known zones: shop-lan.*iotassure validate`),
  );
  await page.locator('.cm-lintRange-error', { hasText: /^nowhere$/ }).waitFor();
  await shot(page, 'editor-cli');
  // saving is refused while the CLI finds errors, and says why
  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await page.getByText('Fix the problems listed under the editor first.').waitFor();

  // Saving creates a revision.
  await page.goto(`${server.url}/systems/camera/model/${zoneLine}`);
  await lineSelected(page, lines, zoneLine);
  await page.keyboard.press('End');
  await page.keyboard.type(' # checked');
  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await page.getByText('Saved a new revision').waitFor();
  await page.getByRole('heading', { name: 'Model (revision 2)' }).waitFor();
  const saved = await call('GET', '/api/systems/camera/model');
  assert.match(saved.text, /zone: shop-lan # checked/);

  // Someone else saves meanwhile: the stale base is refused with a clear message, and the edited text stays.
  assert.equal(
    (await call('POST', '/api/systems/camera/revisions', { yaml: `${saved.text}# theirs\n`, base: 2 })).status,
    201,
  );
  await editor.focus();
  await page.keyboard.press('Control+End');
  await page.keyboard.insertText('# mine\n');
  await page.getByRole('button', { name: 'Save as new revision' }).click();
  await page
    .getByRole('alert')
    .getByText('Not saved: someone saved revision 3 after revision 2, which you edited.')
    .waitFor();
  await page.locator('.cm-line', { hasText: /^# mine$/ }).waitFor();
  const theirs = await page.getByRole('link', { name: 'download revision 3' }).getAttribute('href');
  assert.match((await call('GET', theirs!)).text, /\n# theirs\n$/);
  await shot(page, 'editor-conflict');
  assert.deepEqual(await accessibility(page), []);
  await page.getByRole('button', { name: 'Save over revision 3' }).click();
  await page.getByText('Saved a new revision').waitFor();
  await page.getByRole('heading', { name: 'Model (revision 4)' }).waitFor();
  const mine = (await call('GET', '/api/systems/camera/model')).text;
  assert.match(mine, /zone: shop-lan # checked\n/);
  assert.match(mine.slice(-200), /\n# mine\n$/);

  // A YAML file opened from disk replaces the text (and is stored only when saved).
  const file = join(dir, 'from-disk.yaml');
  writeFileSync(file, model.replace('name: Vistacam shop monitoring', 'name: Vistacam from disk'));
  await page.getByLabel('Open a YAML file in the editor').setInputFiles(file);
  await page.locator('.cm-line', { hasText: /^ {2}name: Vistacam from disk$/ }).waitFor();
  assert.doesNotMatch((await call('GET', '/api/systems/camera/model')).text, /from disk/);

  // Keyboard: Tab indents in the editor; Escape, then Tab, leaves it for the next control.
  await editor.focus();
  await page.keyboard.press('Tab');
  await page.locator('.cm-activeLine', { hasText: /^ {2}# A monitoring-camera service/ }).waitFor();
  await press(page, 'Escape', 'Tab');
  assert.equal(await page.evaluate('document.activeElement.textContent'), 'Check');
  assert.deepEqual(errors, []);

  // A viewer reads the model in the editor but cannot change or save it.
  const admin = await sessionApi(server.url);
  const viewer = await admin('POST', '/api/users', { email: 'vera@example.org', password: 'a long test password' });
  assert.equal(viewer.status, 201, viewer.text);
  assert.equal(
    (await admin('PUT', `/api/systems/camera/members/${viewer.json.user.id}`, { role: 'viewer' })).status,
    204,
  );
  const reader = await (await b.newContext()).newPage();
  await signIn(reader, server.url, 'vera@example.org', 'a long test password');
  await reader.goto(`${server.url}/systems/camera/model/${nameLine}`);
  await lineSelected(reader, lines, nameLine);
  assert.equal(await reader.getByRole('textbox', { name: 'Model YAML' }).getAttribute('aria-readonly'), 'true');
  await reader.keyboard.type('typed by a viewer');
  assert.equal(await reader.locator('.cm-activeLine').textContent(), lines[nameLine - 1]);
  assert.equal(await reader.getByRole('button', { name: 'Save as new revision' }).count(), 0);
  assert.deepEqual(await accessibility(reader), []);
});
