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
