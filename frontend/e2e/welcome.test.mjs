// The first screen: before any conversation, a learner who bought a plan on
// another computer can paste their licence key, and anyone can set up their
// own AI partner.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, startApp } from './harness.mjs';
import { billingEnv, startFakeBilling } from './fake-billing.mjs';

const PRO_KEY = 'PRO-0D6C2B1A-8E7F-4A5B-9C3D-2E1F0A9B8C7D';
let fake, app, browser;

before(async () => {
  fake = await startFakeBilling();
  app = await startApp({ env: billingEnv(fake) });
  browser = await openPage(app);
});
after(async () => {
  await browser?.close();
  await app?.stop();
  await fake?.close();
});

test('the first screen reaches the licence field, and the licence works from there', async () => {
  const { page } = browser;
  await page.getByRole('heading', { name: /I'm Kai/ }).waitFor();
  const links = page.getByRole('navigation', { name: 'Before you start' });
  await links.getByRole('button', { name: 'I have a licence key' }).click();
  const field = page.getByLabel('Licence key from your receipt');
  await field.waitFor();
  assert.ok(await field.evaluate((el) => el === document.activeElement), 'the licence field has the focus');
  await field.fill(PRO_KEY);
  await page.getByRole('button', { name: 'Activate' }).click();
  await page.getByRole('status').filter({ hasText: 'Licence activated' }).waitFor();
  await page.screenshot({ path: '../build/test-results/welcome-licence.png', fullPage: true });

  // Back on the first screen, nothing started yet.
  await page.getByRole('button', { name: 'Back to home' }).click();
  await page.getByRole('heading', { name: /I'm Kai/ }).waitFor();
  assert.equal(await page.evaluate(() => window.go.api.Conversations.List().then((l) => l.length)), 0);
});

test('the first screen reaches the partner settings', async () => {
  const { page } = browser;
  await page.getByRole('navigation', { name: 'Before you start' }).getByRole('button', { name: 'Set up my AI partner' }).click();
  await page.getByRole('heading', { name: 'Conversation partner' }).waitFor();
  await page.getByRole('radio', { name: /Your own AI partner/ }).waitFor();
  await page.getByRole('button', { name: 'Back to home' }).click();
  await page.getByRole('button', { name: 'Practise Español Spanish' }).waitFor();
});

// A new learner's first screen comes drawn inside the page (app.go, drawn by
// the build: src/prerender.ts). The page takes over what is drawn: the
// screen it works with is the one the webview parsed, never drawn again.
test('the first screen comes drawn, and the page takes it over', async () => {
  const page = await browser.page.context().newPage();
  await page.addInitScript(() => {
    document.addEventListener('readystatechange', () => {
      // Parsed; the page's modules have not run yet.
      if (document.readyState === 'interactive') window.parsed = document.querySelector('main.welcome');
    });
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  page.on('console', (m) => m.type() === 'warning' && errors.push(m.text()));
  await page.goto(app.url);
  const served = await page.evaluate(() => fetch('/').then((r) => r.text()));
  assert.match(served, /<div id="app"><!--\[-->.*<main class="welcome[^"]*">.*Practise Español Spanish.*<\/main>/s);

  await page.waitForFunction(() => document.readyState === 'complete'); // the modules have run
  assert.ok(
    await page.evaluate(() => window.parsed !== null && document.querySelectorAll('main').length === 1 && document.querySelector('main') === window.parsed),
    'the drawn screen was kept, and is the only one',
  );
  await page.waitForFunction(() => performance.getEntriesByName('first-screen-painted').length === 1);
  await page.getByRole('navigation', { name: 'Before you start' }).getByRole('button', { name: 'Set up my AI partner' }).click();
  await page.getByRole('heading', { name: 'Conversation partner' }).waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
