import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';

// A local stand-in for the GitHub releases API, and a file where the app
// writes the URLs it would open in the system browser.
let releases, app, browser, openLog, dir;

before(async () => {
  releases = createServer((req, res) => {
    releases.asked++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ tag_name: 'v99.1.0', html_url: 'https://github.com/kaiwa-app/kaiwa/releases/tag/v99.1.0', draft: false, prerelease: false }));
  });
  releases.asked = 0;
  await new Promise((ok) => releases.listen(0, '127.0.0.1', ok));
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-open-'));
  openLog = join(dir, 'opened.txt');
  app = await startApp({ env: { KAIWA_UPDATE_URL: `http://127.0.0.1:${releases.address().port}/latest`, KAIWA_OPEN_LOG: openLog } });
  browser = await openPage(app);
  await asProfile(browser.page);
});

after(async () => {
  await browser?.close();
  await app?.stop();
  releases?.close();
  rmSync(dir, { recursive: true, force: true });
});

const opened = () => readFileSync(openLog, 'utf8').trim().split('\n');

test('Kaiwa asks once before looking for updates; then a newer release is announced quietly and Download opens its page', async () => {
  const { page } = browser;
  const ask = page.getByRole('region', { name: /May Kaiwa check once a day/ });
  await ask.waitFor();
  assert.equal(releases.asked, 0, 'the feed was asked before the learner said yes');
  await ask.getByRole('button', { name: 'Yes, check daily' }).click();
  const notice = page.getByRole('status').filter({ hasText: 'Kaiwa v99.1.0 is out.' });
  await notice.waitFor();
  await notice.getByRole('button', { name: 'Download' }).click();
  await page.waitForFunction(() => true);
  assert.deepEqual(opened(), ['https://github.com/kaiwa-app/kaiwa/releases/tag/v99.1.0']);
});

test('About shows the version and the data and log folders, and opens them', async () => {
  const { page } = browser;
  await page.getByRole('button', { name: 'Settings' }).click();
  const aboutBox = page.getByRole('region', { name: 'About Kaiwa' });
  await aboutBox.getByText(app.dataDir, { exact: true }).waitFor();
  assert.match(await aboutBox.textContent(), /Version v\d+\.\d+\.\d+/);
  await aboutBox.getByRole('button', { name: 'Open data folder' }).click();
  await aboutBox.getByRole('button', { name: 'Open log folder' }).click();
  await page.waitForTimeout(200);
  assert.deepEqual(opened().slice(1), [`file://${app.dataDir}`, `file://${join(app.dataDir, 'logs')}`]);

  await aboutBox.getByRole('checkbox', { name: /Check once a day/ }).uncheck();
  await page.getByRole('status').getByText('Update checks are off.').waitFor();

  // Answered once, never asked again.
  await page.getByRole('button', { name: 'Back to home' }).click();
  await page.getByRole('combobox', { name: "I'm learning" }).waitFor();
  assert.equal(await page.getByRole('region', { name: /May Kaiwa check once a day/ }).count(), 0);
});
