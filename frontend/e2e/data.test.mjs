// The learner's data going out and back: a conversation as Markdown, all data
// as JSON, saved words for Anki and as CSV, Back up now and Restore. The dev
// binary's KAIWA_SAVE_DIR answers the save and open dialogs from a folder of
// the test's own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';

const saveDir = mkdtempSync(join(tmpdir(), 'kaiwa-saves-'));
const sql = (file, query) => execFileSync('sqlite3', ['-separator', '|', file, query], { encoding: 'utf8' }).trim();
const saved = (ext) => readdirSync(saveDir).filter((f) => f.endsWith(ext)).map((f) => join(saveDir, f));
let app, browser;

before(async () => {
  app = await startApp({ env: { KAIWA_SAVE_DIR: saveDir } });
  browser = await openPage(app);
  await asProfile(browser.page, 'Aiko', 'es');
});
after(async () => {
  await browser?.close();
  await app?.stop();
  rmSync(saveDir, { recursive: true, force: true });
});

async function home(page) {
  const back = page.getByRole('button', { name: 'Back to home' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('combobox', { name: "I'm learning" }).waitFor();
}

async function settings(page) {
  await home(page);
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('heading', { name: 'Your data' }).waitFor();
}

/** Starts the offline café scenario and says one line; returns what the partner said first. */
async function converse(page) {
  await home(page);
  await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  const opening = log.getByRole('article', { name: 'Partner said' }).first();
  await opening.waitFor();
  const choice = page.getByRole('group', { name: 'Quick replies' }).getByRole('button').first();
  await choice.waitFor();
  await choice.click();
  await log.getByRole('article', { name: 'Partner said' }).nth(1).waitFor();
  return (await opening.locator('[lang]').first().textContent()).trim();
}

test('a conversation exports as Markdown with its lines', async () => {
  const { page } = browser;
  const opening = await converse(page);
  await page.getByRole('button', { name: 'Export this conversation as Markdown' }).click();
  await page.getByRole('status').getByText('Saved as Markdown').waitFor();
  const [file] = saved('.md');
  assert.ok(file, 'a .md file was saved');
  const md = readFileSync(file, 'utf8');
  assert.match(md, /^# .*café/im);
  assert.ok(md.includes(`**Partner:** ${opening.split('\n')[0].trim()}`.slice(0, 30)), md);
  assert.match(md, /\*\*You:\*\* \S/);
});

test('all my data exports as JSON, without any key', async () => {
  const { page } = browser;
  await settings(page);
  await page.getByRole('button', { name: 'Export all my data (JSON)' }).click();
  await page.getByRole('status').getByText('Your data was saved').waitFor();
  const [file] = saved('.json');
  const text = readFileSync(file, 'utf8');
  const all = JSON.parse(text);
  assert.equal(all.learner.displayName, 'Aiko');
  assert.equal(all.preferences.targetLanguage, 'es');
  assert.equal(all.conversations.length, 1);
  assert.ok(all.conversations[0].messages.length >= 3);
  assert.doesNotMatch(text, /key|licen[cs]e|sk-/i, 'no key in the export');
});

test('saved words export for Anki and as CSV', async () => {
  const { page } = browser;
  await home(page);
  await page.getByRole('list', { name: 'Recent conversations' }).getByRole('button', { name: /^Open Ordering at a café/ }).click();
  const line = page.getByRole('article', { name: 'Partner said' }).first();
  // Select the line's first word of three letters or more, as a learner would.
  const word = await line.evaluate((el) => {
    const walker = document.createTreeWalker(el.querySelector('[lang]'), NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const m = /\p{L}{3,}/u.exec(n.data);
      if (!m) continue;
      const range = document.createRange();
      range.setStart(n, m.index);
      range.setEnd(n, m.index + m[0].length);
      getSelection().removeAllRanges();
      getSelection().addRange(range);
      return m[0];
    }
    return '';
  });
  assert.ok(word, 'a word to save');
  await line.getByRole('button', { name: 'Save word' }).click();
  const popover = line.getByRole('dialog', { name: 'Save a word' });
  await popover.getByRole('textbox', { name: 'Meaning' }).fill('a word, "quoted"');
  await popover.getByRole('button', { name: 'Save' }).click();
  await line.getByText(/^Saved “/).waitFor();

  await settings(page);
  await page.getByRole('button', { name: 'Export my words for Anki (.apkg)' }).click();
  await page.getByRole('status').getByText('Your words were saved for Anki').waitFor();
  const [apkg] = saved('.apkg');
  assert.ok(apkg, 'an .apkg file was saved');
  // The package is a zip holding the collection and the media map.
  const listing = JSON.parse(
    execFileSync('python3', ['-c', 'import json, sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(json.dumps({"names": z.namelist(), "media": json.loads(z.read("media"))}))', apkg], {
      encoding: 'utf8',
    }),
  );
  assert.ok(listing.names.includes('collection.anki2'), listing.names.join(', '));
  for (const member of Object.keys(listing.media)) assert.ok(listing.names.includes(member), member);

  await page.getByRole('button', { name: 'Export my words as CSV' }).click();
  await page.getByRole('status').getByText('Your words were saved as CSV').waitFor();
  const [csv] = saved('.csv');
  assert.ok(csv, 'a .csv file was saved');
  const lines = readFileSync(csv, 'utf8').trim().split('\n');
  assert.equal(lines[0], 'Word,Reading,Meaning,Example');
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.ok(lines[1].startsWith(word), lines[1]);
  assert.ok(lines[1].includes('"a word, ""quoted"""'), lines[1]);
});

test('Back up now writes a copy that opens with SQLite and holds the conversations', async () => {
  const { page } = browser;
  await settings(page);
  await page.getByRole('button', { name: 'Back up now' }).click();
  await page.getByRole('status').getByText('Backup saved').waitFor();
  const [file] = saved('.db');
  assert.equal(sql(file, 'PRAGMA integrity_check'), 'ok');
  assert.equal(sql(file, 'SELECT count(*) FROM conversations WHERE deleted_at IS NULL'), '1');
  assert.ok(Number(sql(file, 'SELECT count(*) FROM messages')) >= 3);
});

test('a damaged backup is refused and nothing changes', async () => {
  const { page } = browser;
  const db = join(app.dataDir, 'kaiwa.db');
  const [good] = saved('.db');
  const bytes = readFileSync(good);
  const damaged = join(saveDir, 'damaged.db');
  writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length / 3)));
  const later = new Date(statSync(good).mtime.getTime() + 60_000);
  utimesSync(damaged, later, later); // the newest .db: the one the open dialog picks
  const before = sql(db, 'SELECT count(*) FROM conversations WHERE deleted_at IS NULL');

  await settings(page);
  await page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await page.getByRole('alert').getByText('not a Kaiwa backup Kaiwa can use').waitFor();
  await page.getByRole('alert').getByText('Nothing was changed').waitFor();
  assert.equal(sql(db, 'SELECT count(*) FROM conversations WHERE deleted_at IS NULL'), before);
  assert.deepEqual(readdirSync(app.dataDir).filter((f) => f.includes('restor')), [], 'no copy kept aside');
  rmSync(damaged);
});

test('restoring a good backup brings back a conversation deleted since', async () => {
  const { page } = browser;
  await home(page);
  const recent = page.getByRole('list', { name: 'Recent conversations' });
  await recent.getByRole('button', { name: /^Delete Ordering at a café/ }).click();
  await page.getByRole('group', { name: /^Delete Ordering at a café/ }).getByRole('button', { name: 'Delete' }).click();
  await recent.waitFor({ state: 'detached' });

  await settings(page);
  await page.getByRole('button', { name: 'Restore from a backup…' }).click();
  await page.getByRole('status').getByText('Restored from').waitFor();
  // The page reloads on the restored data.
  await page.getByRole('list', { name: 'Recent conversations' }).getByRole('button', { name: /^Open Ordering at a café/ }).waitFor({ timeout: 15_000 });
  assert.ok(readdirSync(app.dataDir).some((f) => f.includes('before-restore')), 'the replaced database is kept aside');
  assert.deepEqual(browser.errors, []);
});
