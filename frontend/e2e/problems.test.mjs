import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, startApp } from './harness.mjs';

// A database from a newer Kaiwa: the page says what to do, shows the data
// folder and opens it, and "Try again" starts Kaiwa once the file is gone.
let app, browser, dir, dataDir, openLog;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'kaiwa-problem-'));
  dataDir = join(dir, 'data');
  openLog = join(dir, 'opened.txt');
  execFileSync('mkdir', ['-p', dataDir]);
  execFileSync('sqlite3', [join(dataDir, 'kaiwa.db'),
    'CREATE TABLE schema_migrations (version uint64, dirty bool); INSERT INTO schema_migrations VALUES (999, 0);']);
  app = await startApp({ dataDir, env: { KAIWA_OPEN_LOG: openLog } });
  browser = await openPage(app);
});

after(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a start-up problem shows what to do, the data folder, and Try again', async () => {
  const { page, errors } = browser;
  const alert = page.getByRole('alert');
  await alert.getByRole('heading', { name: "Kaiwa can't start" }).waitFor();
  assert.match(await alert.textContent(), /written by a newer Kaiwa/);
  await alert.getByText(dataDir, { exact: true }).waitFor();

  await alert.getByRole('button', { name: 'Open data folder' }).click();
  await page.waitForTimeout(200);
  assert.deepEqual(readFileSync(openLog, 'utf8').trim().split('\n'), [`file://${dataDir}`]);

  // Still a problem: the page stays, and says so again.
  await alert.getByRole('button', { name: 'Try again' }).click();
  await alert.getByRole('button', { name: 'Try again' }).waitFor();
  assert.match(await alert.textContent(), /newer Kaiwa/);

  unlinkSync(join(dataDir, 'kaiwa.db'));
  await alert.getByRole('button', { name: 'Try again' }).click();
  await page.getByRole('heading', { name: /I'm Kai, your practice partner/ }).waitFor();
  await page.getByRole('alert').filter({ hasText: "Kaiwa can't start" }).waitFor({ state: 'detached' });
  assert.deepEqual(errors, []);
});
