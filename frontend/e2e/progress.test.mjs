// Preferences that apply at once and survive a restart, and a progress page
// built from conversations on two different days (the app's clock is set
// with KAIWA_NOW).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { billingEnv, startFakeBilling } from './fake-billing.mjs';

const shots = resolve(import.meta.dirname, '../../build/test-results');

test('theme, language and daily goal apply at once and are kept after a restart', async () => {
  let app = await startApp();
  const dataDir = app.dataDir;
  let b = await openPage(app);
  try {
    await asProfile(b.page, 'Ana', 'es');
    let page = b.page;
    await page.getByRole('button', { name: 'Settings' }).click();
    const learning = page.getByRole('region', { name: 'Learning' });
    await learning.getByRole('radio', { name: 'Dark' }).check();
    await page.waitForFunction(() => document.documentElement.dataset.theme === 'dark');
    await learning.getByRole('combobox', { name: 'Language to practise' }).selectOption('fr');
    await learning.getByRole('status').getByText('Saved.').waitFor();
    await learning.getByRole('spinbutton', { name: 'Daily goal (minutes)' }).fill('0');
    await learning.getByRole('spinbutton', { name: 'Daily goal (minutes)' }).press('Tab');
    await learning.getByRole('alert').getByText('between 1 and 240').waitFor();
    assert.equal(await learning.getByRole('spinbutton', { name: 'Daily goal (minutes)' }).inputValue(), '10', 'a refused value is undone');
    await learning.getByRole('spinbutton', { name: 'Daily goal (minutes)' }).fill('25');
    await learning.getByRole('spinbutton', { name: 'Daily goal (minutes)' }).press('Tab');
    await learning.getByRole('status').getByText('Saved.').waitFor();

    await page.getByRole('button', { name: 'Back to home' }).click();
    assert.equal(await page.getByRole('combobox', { name: "I'm learning" }).inputValue(), 'fr');
    await page.getByRole('article', { name: 'Ordering at a café' }).getByText('Offline').waitFor();
    await page.getByText('Today: 0 of 25 minutes').waitFor();

    await b.close();
    await app.stop({ keepData: true });
    app = await startApp({ dataDir });
    b = await openPage(app);
    page = b.page;
    await page.getByText('Today: 0 of 25 minutes').waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
    assert.equal(await page.getByRole('combobox', { name: "I'm learning" }).inputValue(), 'fr');
  } finally {
    await b.close();
    await app.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

/** One short conversation on the offline partner, ended and rated. */
async function practise(page, comfort) {
  await page.getByRole('button', { name: 'Start Greeting a neighbour' }).click();
  await page.getByRole('group', { name: 'Quick replies' }).getByRole('button').first().click();
  await page.getByRole('button', { name: 'End session' }).click();
  await page.getByRole('group', { name: 'How confident did you feel?' }).getByRole('radio', { name: String(comfort) }).check();
  await page.getByRole('button', { name: 'Save ratings' }).click();
  await page.getByRole('button', { name: 'Back to scenarios' }).click();
}

test('two conversations on two days: the progress page shows the streak, the chart, the calendar and, with Premium, the comfort trend', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'kaiwa-progress-'));
  const billing = await startFakeBilling();
  let app = await startApp({ dataDir, env: { KAIWA_NOW: '2026-03-02T10:00:00Z' } });
  let b = await openPage(app);
  try {
    await asProfile(b.page, 'Ana', 'es');
    await practise(b.page, 2);
    await b.close();
    await app.stop({ keepData: true });

    app = await startApp({ dataDir, env: { KAIWA_NOW: '2026-03-03T10:00:00Z', ...billingEnv(billing) } });
    b = await openPage(app);
    const page = b.page;
    await page.getByText('day streak').waitFor();
    await practise(page, 4);
    await page.getByRole('button', { name: 'Progress' }).click();
    const totals = page.getByRole('region', { name: 'Totals' });
    await totals.getByText('day streak').waitFor();
    assert.match(await totals.textContent(), /2\s*day streak\s*2\s*longest streak/);
    assert.match(await totals.textContent(), /2\s*conversations/);
    await page.getByRole('img', { name: /minutes practised per day/ }).locator('canvas').waitFor();
    await page.getByRole('img', { name: /last 16 weeks, 2 days practised/ }).waitFor();
    // The comfort trend is progress analytics: Premium's.
    const comfort = page.getByRole('region', { name: 'Comfort over time' });
    await comfort.getByText('part of the Premium plan').waitFor();
    await comfort.getByRole('button', { name: 'See plans' }).click();
    await page.getByLabel('Licence key from your receipt').fill('PREMIUM-0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0');
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('status').filter({ hasText: 'Licence activated' }).waitFor();
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByRole('button', { name: 'Progress' }).click();
    await page.getByRole('img', { name: /comfort ratings/ }).waitFor();

    mkdirSync(shots, { recursive: true });
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.screenshot({ path: join(shots, 'progress-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForTimeout(100);
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByRole('button', { name: 'Progress' }).click();
    await page.getByRole('img', { name: /minutes practised per day/ }).locator('canvas').waitFor();
    await page.screenshot({ path: join(shots, 'progress-dark.png'), fullPage: true });
    assert.deepEqual(b.errors, []);
  } finally {
    await b.close();
    await app.stop();
    await billing.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
