import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';

const sql = (app, query) =>
  execFileSync('sqlite3', ['-separator', '|', join(app.dataDir, 'kaiwa.db'), query], { encoding: 'utf8' }).trim();

async function backHome(page) {
  const back = page.getByRole('button', { name: 'Back to home' });
  if (await back.isVisible()) await back.click();
}

describe('feedback with an AI partner', () => {
  let ai, app, browser;
  before(async () => {
    ai = await startFakeAI();
    app = await startApp({ env: { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor', KAIWA_AI_API_KEY: 'sk-feedback-0123456789' } });
    browser = await openPage(app);
    await asProfile(browser.page, 'Ana', 'es');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await ai?.close();
  });

  test('a learner line gets its correction under the bubble, the changed word marked', async () => {
    const { page } = browser;
    ai.behave({ chunks: ['¡Hola! ', '¿Qué le pongo?'] });
    await backHome(page);
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿Qué le pongo?').waitFor();

    ai.answer((req) =>
      req.messages.at(-1).content.includes('Yo quiere')
        ? '```json\n{"corrected": "Yo quiero un café.", "explanation": "With yo the verb is quiero.", "new_words": [{"word": "quiero", "reading": "", "meaning": "I want"}]}\n```'
        : '{"corrected": "Sí, por favor.", "explanation": "", "new_words": []}',
    );
    ai.behave({ chunks: ['¡Muy bien! ', '¿Con leche?'] });
    const answered = page.getByRole('article', { name: 'Partner said' });
    const sent = Date.now();
    await page.getByRole('textbox', { name: 'Your message' }).fill('Yo quiere un café.');
    await page.getByRole('button', { name: 'Send' }).click();
    const mine = page.getByRole('article', { name: 'You said' }).last();
    const correction = mine.getByLabel('Correction');
    await correction.locator('mark').getByText('quiero').waitFor();
    console.log(`# from sending a line to its correction on screen: ${Date.now() - sent} ms`);
    assert.equal(await correction.locator('mark').count(), 1, 'only the changed word is marked');
    assert.match(await correction.textContent(), /Yo quiero un café\./);
    await correction.getByRole('button', { name: 'Why?' }).click();
    await correction.getByText('With yo the verb is quiero.').waitFor();
    const kept = sql(app, `SELECT correction FROM messages WHERE content = 'Yo quiere un café.'`);
    assert.match(kept, /"corrected":"Yo quiero un café\."/);
    const asked = ai.completions.find((r) => r.messages.at(-1).content.includes('Yo quiere un café.'));
    assert.equal(asked?.response_format?.type, 'json_object');

    // A line with nothing to fix is quietly natural.
    await answered.getByText('¿Con leche?').waitFor();
    ai.behave({ chunks: ['Perfecto, ', 'ahora se lo traigo.'] });
    await page.getByRole('textbox', { name: 'Your message' }).fill('Sí, por favor.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'You said' }).last().getByLabel('Correction').getByText('Natural').waitFor();
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'build', 'test-results', 'correction.png') });
  });

  test('an AI line is translated on demand, once', async () => {
    const { page } = browser;
    ai.answer('Very good! With milk?');
    const line = page.getByRole('article', { name: 'Partner said' }).filter({ hasText: '¿Con leche?' });
    await line.getByRole('button', { name: 'Show translation' }).click();
    await line.getByText('Very good! With milk?').waitFor();
    assert.equal(sql(app, `SELECT translation FROM messages WHERE content LIKE '%¿Con leche?'`), 'Very good! With milk?');
  });

  test('End session shows the report: figures, the correction and the summary', async () => {
    const { page } = browser;
    ai.answer('{"summary": "Pediste un café con cortesía.", "strengths": ["Cortesía"], "focus": ["Conjugar querer"]}');
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    const report = page.getByRole('region', { name: 'Your session' });
    await report.getByText('Pediste un café con cortesía.').waitFor();
    assert.match(await report.textContent(), /Your turns\s*2/);
    await report.getByRole('list', { name: 'Corrections' }).getByText('Yo quiere un café.').waitFor();
    await report.getByRole('list', { name: 'New words' }).getByText('quiero').waitFor();
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'build', 'test-results', 'report.png') });
    await page.getByRole('button', { name: 'Back to scenarios' }).waitFor();

    // It is kept, and reopens from the progress page.
    await backHome(page);
    await page.getByRole('button', { name: 'Progress', exact: true }).click();
    await page.getByRole('button', { name: /^Report of Ordering at a café/ }).first().click();
    await page.getByRole('region', { name: 'Your session' }).getByText('Pediste un café con cortesía.').waitFor();
  });
});

describe('feedback with the offline partner', () => {
  let app, browser;
  before(async () => {
    app = await startApp();
    browser = await openPage(app);
    await asProfile(browser.page, 'Aiko', 'ja');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('an answer the step did not expect gets "You could say", never praise; furigana as <rt>', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('ja');
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    await page.getByRole('article', { name: 'Partner said' }).first().waitFor();
    await page.getByRole('textbox', { name: 'Your message' }).fill('ありがとう');
    await page.getByRole('button', { name: 'Send' }).click();
    const mine = page.getByRole('article', { name: 'You said' }).last();
    await mine.getByLabel('Correction').getByText('You could say:').waitFor();
    assert.match(await mine.getByLabel('Correction').textContent(), /コーヒーをください。/);
    const reply = page.getByRole('article', { name: 'Partner said' }).last();
    await reply.waitFor();
    assert.doesNotMatch(await reply.textContent(), /完璧|Perfect/);

    await page.getByRole('button', { name: 'Show readings' }).click();
    await page.getByRole('button', { name: 'Show readings', pressed: true }).waitFor();
    await page.getByRole('log', { name: 'Conversation' }).locator('rt').first().waitFor();
    const readings = await page.getByRole('log', { name: 'Conversation' }).locator('rt').allTextContents();
    assert.ok(readings.every((r) => /^[\u3040-\u309f]+$/.test(r)), `furigana in hiragana: ${readings}`);
    assert.equal(sql(app, `SELECT reading_aids FROM user_preferences WHERE reading_aids != '[]'`), '["ja"]');
  });
});
