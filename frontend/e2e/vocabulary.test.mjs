import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';

const sql = (app, query) =>
  execFileSync('sqlite3', ['-separator', '|', join(app.dataDir, 'kaiwa.db'), query], { encoding: 'utf8' }).trim();

describe('vocabulary: saving words and reviewing them', () => {
  let ai, app, browser;
  before(async () => {
    ai = await startFakeAI();
    app = await startApp({ env: { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor', KAIWA_AI_API_KEY: 'sk-vocabulary-0123456789' } });
    browser = await openPage(app);
    await asProfile(browser.page, 'Ana', 'es');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await ai?.close();
  });

  test('a new word of a correction and a word of a partner line are saved', async () => {
    const { page } = browser;
    ai.behave({ chunks: ['¡Hola! ', '¿Qué le pongo?'] });
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿Qué le pongo?').waitFor();

    ai.answer('{"corrected": "Yo quiero un café.", "explanation": "With yo the verb is quiero.", "new_words": [{"word": "quiero", "reading": "", "meaning": "I want"}]}');
    ai.behave({ chunks: ['¡Muy bien! ', '¿Con leche?'] });
    await page.getByRole('textbox', { name: 'Your message' }).fill('Yo quiere un café.');
    await page.getByRole('button', { name: 'Send' }).click();
    const correction = page.getByRole('article', { name: 'You said' }).last().getByLabel('Correction');
    await correction.getByRole('button', { name: 'Save word quiero' }).click();
    await correction.getByText('Saved').waitFor();
    assert.equal(
      sql(app, `SELECT v.word || '|' || v.meaning || '|' || v.example || '|' || m.content FROM vocabulary_progress v JOIN messages m ON m.id = v.message_id`),
      'quiero|I want|Yo quiero un café.|Yo quiere un café.',
    );

    // A word selected in a partner line fills the popover; the meaning is the learner's.
    const line = page.getByRole('article', { name: 'Partner said' }).filter({ hasText: '¿Con leche?' });
    await line.getByText('¿Con leche?').waitFor();
    await line.evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const at = n.data.indexOf('leche');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(n, at);
        range.setEnd(n, at + 'leche'.length);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return;
      }
    });
    await line.getByRole('button', { name: 'Save word' }).click();
    const popover = line.getByRole('dialog', { name: 'Save a word' });
    assert.equal(await popover.getByRole('textbox', { name: 'Word' }).inputValue(), 'leche');
    // The AI partner says what the word means; the learner may still change it.
    ai.answer('milk');
    await popover.getByRole('button', { name: 'Look up the meaning' }).click();
    await page.waitForFunction(() => document.querySelector('[role=dialog] input:not([lang])')?.value === 'milk');
    await popover.getByRole('button', { name: 'Save' }).click();
    await line.getByText('Saved “leche”').waitFor();

    // The same word written otherwise is the same card.
    await line.getByRole('button', { name: 'Save word' }).click();
    await popover.getByRole('textbox', { name: 'Word' }).fill('LECHE');
    await popover.getByRole('button', { name: 'Save' }).click();
    await line.getByText('Saved “leche”').waitFor();
    assert.equal(sql(app, `SELECT group_concat(word || ':' || meaning, ',') FROM (SELECT * FROM vocabulary_progress ORDER BY word)`), 'leche:milk,quiero:I want');
  });

  test('the Review page shows the words due; Good moves a word to a later day', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByRole('button', { name: 'Review (2 due)' }).click();
    const card = page.getByRole('region', { name: 'Card' });
    await card.waitFor();
    const first = await card.locator('.word').textContent();
    assert.ok(['quiero', 'leche'].includes(first), first);
    await page.keyboard.press('Space');
    await card.getByText(first === 'leche' ? 'milk' : 'I want').waitFor();
    // The answer shows the line the word came from.
    if (first === 'quiero') await card.getByText('From your conversation: Yo quiere un café.').waitFor();
    await page.keyboard.press('3');
    await card.getByRole('button', { name: 'Show answer' }).click();
    await card.getByRole('group', { name: 'How well did you remember it?' }).getByRole('button', { name: /^Good/ }).click();
    await page.getByText('Nothing else is due now.').waitFor();
    // A new word rated Good comes back in a learning step, later the same day.
    assert.equal(sql(app, `SELECT count(*) FROM vocabulary_reviews WHERE rating = 3`), '2');
    assert.equal(sql(app, `SELECT count(*) FROM vocabulary_progress WHERE state = 1 AND due > last_review`), '2');

    // Once the step has passed, Good again schedules it days away.
    sql(app, `UPDATE vocabulary_progress SET due = strftime('%Y-%m-%dT%H:%M:%SZ', last_review, '-1 minute') WHERE word = 'leche'`);
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByRole('button', { name: 'Review (1 due)' }).click();
    await card.getByText('leche').waitFor();
    await page.keyboard.press('Space');
    await page.keyboard.press('3');
    await page.getByText('Nothing else is due now.').waitFor();
    const days = Number(sql(app, `SELECT julianday(due) - julianday(last_review) FROM vocabulary_progress WHERE word = 'leche'`));
    assert.ok(days >= 1, `leche comes back in ${days} days, want a later day`);
    assert.equal(sql(app, `SELECT state FROM vocabulary_progress WHERE word = 'leche'`), '2');
  });

  test('the progress page shows the words known and the reviews per day', async () => {
    const { page } = browser;
    sql(app, `UPDATE vocabulary_progress SET stability = 30 WHERE word = 'leche'`);
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByRole('button', { name: 'Progress' }).click();
    const words = page.getByRole('region', { name: 'Vocabulary' });
    await words.getByText('1 word known').waitFor();
    await words.getByRole('img', { name: 'Bar chart of word reviews per day over the last 30 days, 3 in all' }).waitFor();
  });

  test('the retention chosen is kept, and with the setting on a correction saves its new words by itself', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    const learning = page.getByRole('region', { name: 'Learning' });
    await learning.getByRole('combobox', { name: 'Remember saved words' }).selectOption({ label: '95%' });
    await learning.getByRole('status').getByText('Saved.').waitFor();
    await learning.getByRole('checkbox', { name: 'Save words from corrections automatically' }).check();
    await learning.getByRole('status').getByText('Saved.').waitFor();
    assert.equal(sql(app, `SELECT desired_retention || '|' || save_correction_words FROM user_preferences JOIN users u ON u.id = user_id WHERE u.display_name = 'Ana'`), '0.95|1');

    await page.getByRole('button', { name: 'Back to home' }).click();
    ai.behave({ chunks: ['¡Hola! ', '¿Qué desea?'] });
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿Qué desea?').waitFor();
    ai.answer('{"corrected": "Una taza de té, por favor.", "explanation": "Taza is feminine.", "new_words": [{"word": "taza", "reading": "", "meaning": "cup"}]}');
    ai.behave({ chunks: ['¡Enseguida!'] });
    await page.getByRole('textbox', { name: 'Your message' }).fill('Un taza de té, por favor.');
    await page.getByRole('button', { name: 'Send' }).click();
    const correction = page.getByRole('article', { name: 'You said' }).last().getByLabel('Correction');
    await correction.getByRole('list', { name: 'New words' }).getByText('Saved').waitFor();
    assert.equal(await correction.getByRole('button', { name: 'Save word taza' }).count(), 0);
    assert.equal(
      sql(app, `SELECT v.word || '|' || v.meaning || '|' || v.example || '|' || m.content FROM vocabulary_progress v JOIN messages m ON m.id = v.message_id WHERE v.word = 'taza'`),
      'taza|cup|Una taza de té, por favor.|Un taza de té, por favor.',
    );
  });
});

describe('vocabulary with the offline partner: words from hints, meanings from the lexicon', () => {
  let app, browser;
  before(async () => {
    app = await startApp();
    browser = await openPage(app);
    await asProfile(browser.page, 'Olga', 'es');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test("a hint's words are saved with their meanings, and a partner word is looked up offline", async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    await page.getByRole('article', { name: 'Partner said' }).first().waitFor();

    await page.getByRole('button', { name: 'Words from this hint' }).click();
    const list = page.getByRole('list', { name: 'Words from this hint' });
    await list.getByText('— coffee; cafe').waitFor();
    await list.getByRole('button', { name: 'Save “café”' }).click();
    await list.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    assert.equal(sql(app, `SELECT word || '|' || meaning || '|' || example FROM vocabulary_progress`), 'café|coffee; cafe|Hola, un café, por favor.');

    // Offline, "Look up the meaning" reads the lexicon; a word it lacks is the learner's to type.
    const line = page.getByRole('article', { name: 'Partner said' }).first();
    await line.getByRole('button', { name: 'Save word' }).click();
    const popover = line.getByRole('dialog', { name: 'Save a word' });
    await popover.getByRole('textbox', { name: 'Word' }).fill('ornitorrinco');
    await popover.getByRole('button', { name: 'Look up the meaning' }).click();
    await popover.getByRole('alert').getByText('The offline dictionary does not know “ornitorrinco”').waitFor();
    await popover.getByRole('textbox', { name: 'Word' }).fill('buenos días');
    await popover.getByRole('button', { name: 'Look up the meaning' }).click();
    await page.waitForFunction(() => document.querySelector('[role=dialog] input:not([lang])')?.value === 'good morning');
    await popover.getByRole('button', { name: 'Save' }).click();
    await line.getByText('Saved “buenos días”').waitFor();
    assert.equal(sql(app, `SELECT meaning FROM vocabulary_progress WHERE word = 'buenos días'`), 'good morning');
  });
});
