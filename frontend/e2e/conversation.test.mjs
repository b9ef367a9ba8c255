import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';

const sql = (app, query) =>
  execFileSync('sqlite3', ['-separator', '|', join(app.dataDir, 'kaiwa.db'), query], { encoding: 'utf8' }).trim();

async function backHome(page) {
  const back = page.getByRole('button', { name: 'Back to home' });
  if (await back.isVisible()) await back.click();
}

/** Plays an offline scenario to its end by tapping the first quick reply, or typing when there is none. */
async function playToTheEnd(page) {
  const log = page.getByRole('log', { name: 'Conversation' });
  const complete = page.getByText('Scenario complete — well done!');
  for (let turn = 0; turn < 30; turn++) {
    const choices = page.getByRole('group', { name: 'Quick replies' }).getByRole('button');
    // The end shows once the conversation is reread: wait for it or the next step.
    await choices.first().or(complete).or(page.getByRole('textbox', { name: 'Your message' })).first().waitFor();
    if (await complete.isVisible()) return turn;
    const before = await log.getByRole('article').count();
    if ((await choices.count()) > 0) {
      await choices.first().click();
    } else if (await complete.waitFor({ timeout: 3000 }).then(() => true, () => false)) {
      return turn; // the last line had no quick replies: the end was on its way
    } else {
      await page.getByRole('textbox', { name: 'Your message' }).fill('はい');
      await page.getByRole('button', { name: 'Send' }).click();
    }
    await page.waitForFunction((n) => document.querySelectorAll('[role=log] article').length >= n + 2, before);
  }
  throw new Error('the scenario did not end within 30 turns');
}

describe('the offline partner', () => {
  let app, browser;
  before(async () => {
    app = await startApp();
    browser = await openPage(app);
    await asProfile(browser.page);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  for (const [lang, scenario, firstWords] of [
    ['es', 'Ordering at a café', 'Bienvenido'],
    ['ja', 'Greeting a neighbour', ''],
  ]) {
    test(`runs "${scenario}" in ${lang} from start to end`, async () => {
      const { page } = browser;
      await backHome(page);
      await page.getByRole('combobox', { name: "I'm learning" }).selectOption(lang);
      await page.getByRole('article', { name: scenario }).getByText('Offline').waitFor();
      await page.getByRole('button', { name: `Start ${scenario}` }).click();
      const log = page.getByRole('log', { name: 'Conversation' });
      const opening = log.getByRole('article', { name: 'Partner said' }).first();
      await opening.waitFor();
      if (firstWords) assert.match(await opening.textContent(), new RegExp(firstWords));
      assert.equal(await opening.locator('[lang]').first().getAttribute('lang'), lang);

      await opening.getByRole('button', { name: 'Show translation' }).click();
      assert.ok((await opening.locator('p[lang=en]').textContent()).length > 3);

      const turns = await playToTheEnd(page);
      assert.ok(turns >= 3, `only ${turns} turns`);
      await page.getByRole('button', { name: 'Finish session' }).click();
      await page.getByRole('button', { name: 'Skip' }).click();
      await page.getByRole('button', { name: 'Back to scenarios' }).waitFor();

      const [count, stored, ended] = sql(app, `SELECT message_count, (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id), ended_at IS NOT NULL FROM conversations c WHERE target_language = '${lang}' ORDER BY started_at DESC LIMIT 1`).split('|');
      assert.equal(count, stored, 'message_count equals the stored messages');
      assert.equal(Number(count), turns * 2 + 1);
      assert.equal(ended, '1');
      assert.deepEqual(browser.errors, []);
    });
  }

  test('a past conversation is listed, reopened and shows its messages', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Back to home' }).click();
    const recent = page.getByRole('list', { name: 'Recent conversations' });
    await recent.getByRole('button', { name: /^Open Ordering at a café/ }).click();
    await page.waitForFunction(() => document.querySelectorAll('[role=log] article').length > 5);
  });
});

describe('an AI partner (a local fake speaking the OpenAI wire format)', () => {
  const key = 'sk-e2e-secret-0123456789';
  let ai, app, browser;
  before(async () => {
    ai = await startFakeAI();
    app = await startApp({ env: { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor', KAIWA_AI_API_KEY: key } });
    browser = await openPage(app);
    await asProfile(browser.page);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await ai?.close();
  });

  const startCafe = async (page) => {
    await backHome(page);
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    await page.getByRole('log', { name: 'Conversation' }).waitFor();
  };

  test('the reply streams in and the request carries the tutor prompt and the learner', async () => {
    const { page } = browser;
    ai.behave({ chunks: ['¡Hola! ', 'Bienvenido ', 'al café. ', '¿Qué desea?'], delayMs: 40 });
    await startCafe(page);
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿Qué desea?').waitFor();

    ai.behave({ chunks: ['Muy ', 'bien, ', 'un café ', 'con leche.'], delayMs: 150 });
    await page.getByRole('textbox', { name: 'Your message' }).fill('Un café con leche, por favor.');
    await page.getByRole('button', { name: 'Send' }).click();
    // Part of the reply is on screen before the whole has arrived.
    await page.getByRole('article', { name: 'Partner is answering' }).waitFor();
    await page.getByRole('article', { name: 'Partner said' }).getByText('Muy bien, un café con leche.').waitFor();

    const last = ai.requests.at(-1);
    assert.equal(last.model, 'fake-tutor');
    assert.equal(last.stream, true);
    assert.equal(last.messages[0].role, 'system');
    assert.match(last.messages[0].content, /café/i);
    assert.deepEqual(last.messages.at(-1), { role: 'user', content: 'Un café con leche, por favor.' });
    assert.equal(last.authorization, `Bearer ${key}`);
    assert.ok(!(await page.content()).includes(key), 'the key never reaches the page');
  });

  test('free talk opens an open conversation with the AI partner', async () => {
    const { page } = browser;
    ai.behave({ chunks: ['¿De qué ', 'quieres hablar?'] });
    await backHome(page);
    await page.getByRole('button', { name: 'Free talk' }).click();
    await page.getByRole('heading', { name: 'Free talk' }).waitFor();
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿De qué quieres hablar?').waitFor();
    await startCafe(page);
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿De qué quieres hablar?').waitFor();
  });

  test('stop in the middle of a reply keeps the partial text', async () => {
    const { page } = browser;
    ai.behave({ chunks: ['Perfecto. ', 'Son ', 'cuatro ', 'euros ', 'y ', 'cincuenta.'], delayMs: 400 });
    await page.getByRole('textbox', { name: 'Your message' }).fill('¿Cuánto es?');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'Partner is answering' }).getByText('Son').waitFor();
    await page.getByRole('button', { name: 'Stop' }).click();
    const stopped = page.getByRole('article', { name: 'Partner said' }).last();
    await stopped.getByText('Reply interrupted').waitFor();
    assert.match(await stopped.textContent(), /Perfecto\. Son/);
    assert.doesNotMatch(await stopped.textContent(), /cincuenta/);
    const [content, status] = sql(app, `SELECT content, status FROM messages WHERE role = 'assistant' ORDER BY created_at DESC LIMIT 1`).split('|');
    assert.match(content, /^Perfecto\. Son/);
    assert.equal(status, 'partial');
  });

  test('a partner that never stops is cut at 8,000 characters, and memory stays flat', async () => {
    const { page } = browser;
    const peak = () => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${app.pid}/status`, 'utf8'))[1]);
    const before = peak();
    const endless = { endless: true };
    ai.behave(endless);
    await page.getByRole('textbox', { name: 'Your message' }).fill('¿Y qué más?');
    await page.getByRole('button', { name: 'Send' }).click();
    const cut = page.getByRole('article', { name: 'Partner said' }).last();
    await page.getByRole('alert').getByText('went on past 8000 characters').waitFor();
    await cut.getByText('Reply interrupted').waitFor();
    const [length, status] = sql(app, `SELECT length(content), status FROM messages WHERE role = 'assistant' ORDER BY created_at DESC LIMIT 1`).split('|');
    assert.equal(length, '8000');
    assert.equal(status, 'partial');
    assert.ok(endless.hungUpAt, 'Kaiwa closed the connection');
    const grew = peak() - before;
    console.log(`# endless reply: peak RSS of the app ${before} → ${peak()} kB (+${grew} kB)`);
    assert.ok(grew < 100_000, `the app grew by ${grew} kB during an endless reply`);
    await page.getByRole('textbox', { name: 'Your message' }).waitFor();
  });

  test('a hostile reply shows as text and the conversation still opens', async () => {
    const { page, errors } = browser;
    ai.behave({ chunks: ['>'.repeat(3000), '_a'.repeat(20000)] });
    await page.getByRole('textbox', { name: 'Your message' }).fill('¿Qué es esto?');
    await page.getByRole('button', { name: 'Send' }).click();
    const hostile = page.getByRole('article', { name: 'Partner said' }).last();
    await hostile.getByText('>>>>>>>>>>', { exact: false }).waitFor();
    const started = Date.now();
    await page.reload();
    await page.waitForFunction(() => window.go?.api?.App, null, { timeout: 10_000 });
    await page.getByRole('list', { name: 'Recent conversations' }).getByRole('button', { name: /^Open Ordering at a café/ }).first().click();
    await page.getByRole('article', { name: 'Partner said' }).last().getByText('_a_a_a', { exact: false }).waitFor();
    console.log(`# reopening a conversation with a 43,000-character hostile reply: ${Date.now() - started} ms`);
    assert.deepEqual(errors.map(String), []);
    await page.getByRole('textbox', { name: 'Your message' }).waitFor();
  });

  test('a refused key explains itself, keeps the learner message and offers the offline partner', async () => {
    const { page } = browser;
    ai.behave({ status: 401, error: `Incorrect API key provided: ${key}` });
    await page.getByRole('textbox', { name: 'Your message' }).fill('Con tarjeta, por favor.');
    await page.getByRole('button', { name: 'Send' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText(/API key/).waitFor();
    assert.ok(!(await alert.textContent()).includes(key), 'the key is not in the message');
    await page.getByRole('article', { name: 'You said' }).getByText('Con tarjeta, por favor.').waitFor();
    assert.equal(sql(app, `SELECT count(*) FROM messages WHERE content = 'Con tarjeta, por favor.' AND role = 'user'`), '1');

    await alert.getByRole('button', { name: 'Continue with the offline partner' }).click();
    await page.getByText('Offline partner').waitFor();
    await page.getByRole('group', { name: 'Quick replies' }).waitFor();
    assert.ok(!(await page.content()).includes(key));
  });
});
