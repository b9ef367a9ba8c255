// A level that follows the learner, and attempts at a scenario: two
// sessions with the AI partner (the fake endpoint judges the second B2),
// then the progress page shows the level with why, the learner overrides
// it, the scenario card counts the tries, and "Try again" tells the partner
// what to work on.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';

const shots = resolve(import.meta.dirname, '../../build/test-results');
const sql = (app, query) =>
  execFileSync('sqlite3', ['-separator', '|', join(app.dataDir, 'kaiwa.db'), query], { encoding: 'utf8' }).trim();

/** The system prompt of the latest reply Kaiwa asked for. */
const lastPrompt = (ai) => ai.requests.at(-1).messages[0].content;

describe('the level and the attempts', () => {
  let ai, app, browser;
  // What the fake endpoint judges the session in its report, and its focus.
  let verdict = 'A1';
  before(async () => {
    ai = await startFakeAI();
    ai.behave({ chunks: ['¿Y qué más?'] });
    ai.answer((req) => {
      const system = req.messages[0].content;
      if (system.includes('end-of-session report')) {
        return JSON.stringify({ summary: 'Buen trabajo.', strengths: ['Cortesía'], focus: ['Preguntar el precio'], level: verdict });
      }
      if (system.includes('durable facts')) return '{"facts": []}';
      // A correction: a short line is corrected, a full sentence is natural.
      let line = '';
      try {
        line = JSON.parse(req.messages.at(-1).content.split('\n').at(-1));
      } catch {
        /* not a correction: answered as one that changes nothing */
      }
      return JSON.stringify({ corrected: line === 'Café.' ? 'Un café, por favor.' : line, explanation: '', new_words: [] });
    });
    app = await startApp({ env: { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor', KAIWA_AI_API_KEY: 'sk-level-0123456789' } });
    browser = await openPage(app);
    await asProfile(browser.page, 'Ana', 'es');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await ai?.close();
  });

  /** One session at the café: six lines, ended, ratings skipped, report shown. */
  async function session(page, line) {
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    const partner = page.getByRole('article', { name: 'Partner said' });
    await partner.first().waitFor();
    for (let i = 1; i <= 6; i++) {
      await page.getByRole('textbox', { name: 'Your message' }).fill(line);
      await page.getByRole('button', { name: 'Send' }).click();
      await partner.nth(i).waitFor();
      await page.getByRole('button', { name: 'Send' }).waitFor();
    }
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.getByRole('region', { name: 'Your session' }).getByText('Buen trabajo.').waitFor();
    await page.getByRole('button', { name: 'Back to scenarios' }).click();
  }

  test('after two sessions the progress page shows the level and why, and the learner can choose another', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
    await session(page, 'Café.');
    assert.match(lastPrompt(ai), /Their CEFR level in Spanish: A1 \(a first guess, before any session\)/);

    verdict = 'B2';
    await session(page, 'Quisiera un café con leche y una tostada, por favor.');

    await page.getByRole('button', { name: 'Progress', exact: true }).click();
    const spanish = page.getByRole('listitem', { name: 'Level in Spanish' });
    await spanish.getByRole('strong').getByText('A2 · Elementary').waitFor();
    const why = await spanish.textContent();
    assert.match(why, /Up one step after your last session: longer answers, fewer corrections, your partner judged this session B2\./);
    assert.match(why, /Based on 2 sessions\./);
    assert.match(why, /Kaiwa's estimate · (low|medium|high) confidence/);
    await page.screenshot({ path: join(shots, 'level.png') });

    // The learner knows better: their choice wins, and the partner hears it.
    await spanish.getByRole('combobox', { name: 'Your level in Spanish' }).selectOption('B1');
    await spanish.getByRole('status').getByText('Saved.').waitFor();
    await spanish.getByText('your choice · Kaiwa estimates A2').waitFor();
    assert.equal(sql(app, `SELECT level, chosen_level, sessions FROM user_learning_stats WHERE language = 'es'`), 'A2|B1|2');
    await page.getByRole('button', { name: 'Back to home' }).click();
  });

  test('the scenario card counts the tries, and "Try again" tells the partner what to work on', async () => {
    const { page } = browser;
    const card = page.getByRole('article', { name: 'Ordering at a café' });
    await card.getByText('Tried 2× · last: finished').waitFor();
    await page.getByRole('article', { name: 'Greeting a neighbour' }).getByRole('button', { name: 'Start Greeting a neighbour' }).waitFor();
    assert.equal(await page.getByRole('article', { name: 'Greeting a neighbour' }).getByText(/Tried/).count(), 0, 'an untried scenario shows no tries');
    await card.screenshot({ path: join(shots, 'attempts-card.png') });

    const asked = ai.requests.length;
    await card.getByRole('button', { name: 'Try Ordering at a café again' }).click();
    await page.getByRole('article', { name: 'Partner said' }).first().waitFor();
    assert.equal(ai.requests.length, asked + 1);
    const prompt = lastPrompt(ai);
    assert.match(prompt, /next try at this scene\. Last time they found these hard: "Preguntar el precio"/);
    assert.match(prompt, /Their CEFR level in Spanish: B1 \(their own choice\)/);
    assert.equal(sql(app, `SELECT status, count(*) FROM scenario_attempts WHERE scenario_id = 'cafe' GROUP BY status ORDER BY status`), 'finished|2\nstarted|1');

    // Back home, the card says the latest try is under way.
    await page.getByRole('button', { name: 'Back to home' }).click();
    await card.getByText('Tried 3× · last: in progress').waitFor();
  });
});
