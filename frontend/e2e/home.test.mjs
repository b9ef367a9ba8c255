import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';

let app, browser, page;

before(async () => {
  app = await startApp();
  browser = await openPage(app);
  page = browser.page;
  await asProfile(page);
});

after(async () => {
  await browser?.close();
  await app?.stop();
});

test('the home page lists the languages and scenarios stored in SQLite', async () => {
  const picker = page.getByRole('combobox', { name: "I'm learning" });
  await picker.waitFor();
  const options = await picker.getByRole('option').allTextContents();
  assert.equal(options.length, 17);
  assert.ok(options.some((o) => o.includes('Japanese — 日本語')), options.join('\n'));
  assert.ok(options.some((o) => o.includes('Arabic — العربية')));

  const scenarios = page.getByRole('list', { name: 'Scenarios' }).getByRole('article');
  assert.equal(await scenarios.count(), 6);
  await page.getByRole('article', { name: 'Ordering at a café' }).waitFor();
});

test('what the page shows comes from the database file', async () => {
  // Change a title in kaiwa.db behind the app's back; a reload must show it.
  execFileSync('sqlite3', [join(app.dataDir, 'kaiwa.db'), "UPDATE scenarios SET title = 'Ordering at the café (edited)' WHERE id = 'cafe'"]);
  await page.reload();
  await page.getByRole('article', { name: 'Ordering at the café (edited)' }).waitFor();
});

test('details open from the keyboard and show the scenario from the database', async () => {
  const details = page.getByRole('button', { name: 'Show details of Asking for directions' });
  await details.focus();
  await page.keyboard.press('Enter');
  await page.getByText('The station is about ten minutes away on foot.').waitFor();
  assert.equal(await page.getByRole('button', { name: 'Hide details of Asking for directions' }).getAttribute('aria-expanded'), 'true');
});

test('choosing a language and a level changes what is shown', async () => {
  await page.getByRole('combobox', { name: "I'm learning" }).selectOption('ar');
  await page.getByText('right to left').waitFor();
  await page.getByRole('radio', { name: 'Intermediate' }).check();
  const titles = await page.getByRole('list', { name: 'Scenarios' }).getByRole('heading').allTextContents();
  assert.deepEqual(titles, ['Shopping for clothes', "Meeting your partner's parents", "At the doctor's"]);
  assert.deepEqual(browser.errors, []);
});
