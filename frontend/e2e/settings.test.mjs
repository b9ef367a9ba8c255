import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';

// Runs inside scripts/with-keyring.sh: a real gnome-keyring on a private bus.
const key = `sk-settings-${Date.now()}-abcdefWXYZ`;
let ai, app, browser;

before(async () => {
  ai = await startFakeAI();
  app = await startApp();
  browser = await openPage(app);
  await asProfile(browser.page);
});

after(async () => {
  await browser?.close();
  await app?.stop();
  await ai?.close();
});

/** Every byte Kaiwa wrote to its data folder, as text. */
function dataFolderText(dir) {
  let out = '';
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) out += readFileSync(join(e.parentPath ?? e.path, e.name), 'latin1');
  }
  return out;
}

test('choose an AI endpoint, list its models, keep the key in the keyring and talk to it', async () => {
  const { page } = browser;
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('radio', { name: /AI partner/ }).check();
  await page.getByRole('textbox', { name: 'Base URL' }).fill('ftp://nope');
  await page.getByRole('button', { name: 'Load models' }).click();
  await page.getByRole('alert').getByText('must start with http').waitFor();

  await page.getByRole('textbox', { name: 'Base URL' }).fill(ai.baseURL);
  await page.getByRole('button', { name: 'Load models' }).click();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('fake-tutor');
  await page.getByRole('button', { name: 'Save partner' }).click();
  await page.getByRole('status').getByText('Saved').waitFor();

  await page.getByLabel('New API key').fill(key);
  await page.getByRole('button', { name: 'Save key' }).click();
  await page.getByRole('status').getByText('Key saved in your system keyring').waitFor();
  const masked = await page.getByLabel('Stored key, masked').textContent();
  assert.ok(masked.startsWith('sk-') && masked.endsWith('WXYZ') && masked.length < 12, masked);
  assert.ok(!(await page.content()).includes(key), 'the key is not on the page');

  await page.getByRole('button', { name: 'Test connection' }).click();
  await page.getByRole('status').getByText('Connected. fake-tutor is ready.').waitFor();

  ai.behave({ chunks: ['¡Hola! ', '¿Qué le pongo?'] });
  await page.getByRole('button', { name: 'Back to home' }).click();
  await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
  await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
  await page.getByRole('article', { name: 'Partner said' }).getByText('¿Qué le pongo?').waitFor();
  assert.equal(ai.requests.at(-1).authorization, `Bearer ${key}`);

  const written = dataFolderText(app.dataDir);
  assert.ok(written.length > 10_000, 'the data folder was read');
  assert.ok(!written.includes(key) && !written.includes(key.slice(3, 20)), 'no trace of the key in kaiwa.db, its WAL or the logs');

  await page.getByRole('button', { name: 'Back to home' }).click();
  await page.getByRole('button', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Remove key' }).click();
  await page.getByText('No key stored.').waitFor();
});

test('a key belongs to its address: another endpoint gets none unless the learner says so', async () => {
  const { page } = browser;
  const other = await startFakeAI();
  try {
    const back = page.getByRole('button', { name: 'Back to home' });
    if (await back.isVisible()) await back.click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('radio', { name: /AI partner/ }).check();
    await page.getByRole('textbox', { name: 'Base URL' }).fill(ai.baseURL);
    await page.getByLabel('New API key').fill(key);
    await page.getByRole('button', { name: 'Save key' }).click();
    await page.getByRole('status').getByText('Key saved in your system keyring').waitFor();
    await page.getByRole('button', { name: 'Save partner' }).click();
    await page.getByRole('status').getByText('Saved').waitFor();

    // Plain http to another computer is refused; "Load models" elsewhere sends no key.
    await page.getByRole('textbox', { name: 'Base URL' }).fill('http://192.0.2.10:8080/v1');
    await page.getByRole('button', { name: 'Load models' }).click();
    await page.getByRole('alert').getByText('only for servers on this computer').waitFor();
    await page.getByRole('textbox', { name: 'Base URL' }).fill(other.baseURL);
    await page.getByRole('button', { name: 'Load models' }).click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption('fake-small');
    assert.deepEqual(other.modelCalls.map((c) => c.authorization), ['']);

    // Switching asks before the key goes along; saying yes sends it.
    await page.getByRole('button', { name: 'Save partner' }).click();
    await page.getByRole('status').getByText('Saved').waitFor();
    await page.getByText('No key stored.').waitFor();
    await page.getByRole('button', { name: 'Use that key here' }).click();
    await page.getByRole('status').getByText('Key saved for this endpoint too').waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByRole('status').getByText('Connected. fake-small is ready.').waitFor();
    assert.equal(other.modelCalls.at(-1).authorization, `Bearer ${key}`);
  } finally {
    await page.getByRole('button', { name: 'Back to home' }).click();
    await other.close();
  }
});
