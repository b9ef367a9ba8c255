// The learner's first journeys: try before you commit, the decision point,
// profiles that never see each other's data, and a restart that remembers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { openPage, startApp } from './harness.mjs';

const sql = (app, query) =>
  execFileSync('sqlite3', ['-separator', '|', join(app.dataDir, 'kaiwa.db'), query], { encoding: 'utf8' }).trim();

/** First launch → onboarding in Spanish on the offline partner, to its end. */
async function onboardInSpanish(page) {
  await page.getByRole('heading', { name: /I'm Kai/ }).waitFor();
  await page.getByRole('button', { name: 'Practise Español Spanish' }).click();
  const log = page.getByRole('log', { name: 'Conversation' });
  await log.getByRole('article', { name: 'Partner said' }).first().waitFor();
  for (let turn = 0; turn < 20; turn++) {
    if (await page.getByRole('button', { name: 'Finish session' }).isVisible()) return;
    const before = await log.getByRole('article').count();
    const lastLine = await log.getByRole('article', { name: 'Partner said' }).last().textContent();
    if (/llamas|nombre/i.test(lastLine)) {
      // The name step: typed, as a learner would.
      await page.getByRole('textbox', { name: 'Your message' }).fill('Me llamo Lucía');
      await page.getByRole('button', { name: 'Send' }).click();
    } else {
      await page.getByRole('group', { name: 'Quick replies' }).getByRole('button').first().click();
    }
    await page.waitForFunction((n) => document.querySelectorAll('[role=log] article').length >= n + 2, before);
  }
  throw new Error('onboarding did not finish');
}

test('journey 1 + 2 "yes": onboarding, ratings, save → a profile with what the session learned', async () => {
  const app = await startApp();
  const { page, close, errors } = await openPage(app);
  try {
    await onboardInSpanish(page);
    // What the session learned is stored as it is learned.
    const [name, target, goal] = sql(app, `SELECT u.display_name, p.target_language, ifnull(p.learning_goal, '') FROM users u JOIN user_preferences p ON p.user_id = u.id`).split('|');
    assert.equal(name, 'Lucía');
    assert.equal(target, 'es');
    assert.ok(goal, 'a goal was collected');

    await page.getByRole('button', { name: 'Finish session' }).click();
    await page.getByRole('group', { name: 'How confident did you feel?' }).getByRole('radio', { name: '4' }).check();
    await page.getByRole('group', { name: 'How much did you enjoy it?' }).getByRole('radio', { name: '5' }).check();
    await page.getByRole('button', { name: 'Save ratings' }).click();
    const [confidence, engagement, rating, level] = sql(app, `SELECT confidence_indicator, engagement_indicator, comfort_rating, engagement_level FROM conversations`).split('|');
    assert.deepEqual([confidence, engagement], ['4', '5']);
    assert.ok(Number(rating) >= 1 && Number(rating) <= 5 && ['low', 'medium', 'high'].includes(level));

    await page.getByRole('heading', { name: 'Save your progress?' }).waitFor();
    const before = sql(app, `SELECT (SELECT count(*) FROM conversations) || '/' || (SELECT count(*) FROM messages)`);
    await page.getByRole('button', { name: 'Yes, save my progress' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Name' }).inputValue(), 'Lucía');
    assert.equal(await page.getByRole('combobox', { name: 'Language to practise' }).inputValue(), 'es');
    assert.equal(await page.getByRole('combobox', { name: 'Goal' }).inputValue(), goal);
    await page.getByRole('button', { name: 'Save profile' }).click();

    await page.getByText(/, Lucía$/).waitFor();
    assert.equal(sql(app, `SELECT is_guest FROM users`), '0');
    assert.equal(sql(app, `SELECT (SELECT count(*) FROM conversations) || '/' || (SELECT count(*) FROM messages)`), before, 'every conversation and message kept');
    await page.getByRole('list', { name: 'Recent conversations' }).getByRole('button', { name: /^Open Getting to know you/ }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await close();
    await app.stop();
  }
});

test('journey 1 + 2 "no": decline, keep practising, asked again three sessions later', async () => {
  const app = await startApp();
  const { page, close } = await openPage(app);
  try {
    await onboardInSpanish(page);
    await page.getByRole('button', { name: 'Finish session' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.getByRole('button', { name: 'Not now' }).click();
    await page.getByRole('combobox', { name: "I'm learning" }).waitFor();
    assert.equal(sql(app, `SELECT is_guest FROM users`), '1');

    const asked = [];
    for (let i = 0; i < 3; i++) {
      await page.getByRole('button', { name: 'Start Greeting a neighbour' }).click();
      await page.getByRole('group', { name: 'Quick replies' }).getByRole('button').first().click();
      await page.getByRole('button', { name: 'End session' }).click();
      await page.getByRole('button', { name: 'Skip' }).click();
      const question = page.getByRole('heading', { name: 'Save your progress?' });
      const home = page.getByRole('button', { name: 'Back to scenarios' });
      await question.or(home).waitFor();
      asked.push(await question.isVisible());
      if (!asked.at(-1)) await home.click();
    }
    assert.deepEqual(asked, [false, false, true]);
    assert.equal(sql(app, `SELECT count(*) FROM conversations`), '4', 'nothing lost while a guest');
  } finally {
    await close();
    await app.stop();
  }
});

test('two profiles never see each other, and a restart restores the signed-in one', async () => {
  let app = await startApp();
  const dataDir = app.dataDir;
  let browser = await openPage(app);
  let page = browser.page;
  try {
    await onboardInSpanish(page);
    await page.getByRole('button', { name: 'Finish session' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.getByRole('button', { name: 'Yes, save my progress' }).click();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText(/, Lucía$/).waitFor();

    await page.getByRole('button', { name: /^Profiles/ }).click();
    await page.getByRole('button', { name: 'New profile' }).click();
    await page.getByRole('textbox', { name: 'Name' }).fill('Kenji');
    await page.getByRole('combobox', { name: 'Language to practise' }).selectOption('fr');
    await page.getByRole('button', { name: 'Create profile' }).click();
    await page.getByText(/, Kenji$/).waitFor();
    assert.equal(await page.getByRole('list', { name: 'Recent conversations' }).count(), 0, "Kenji sees none of Lucía's conversations");
    assert.equal(await page.getByRole('combobox', { name: "I'm learning" }).inputValue(), 'fr', "Kenji's own language, not Lucía's");

    await page.getByRole('button', { name: /^Profiles/ }).click();
    await page.getByRole('button', { name: 'Continue as Lucía' }).click();
    await page.getByRole('list', { name: 'Recent conversations' }).waitFor();
    assert.equal(await page.getByRole('combobox', { name: "I'm learning" }).inputValue(), 'es', "Lucía's language again");

    await browser.close();
    await app.stop({ keepData: true });
    app = await startApp({ dataDir });
    browser = await openPage(app);
    page = browser.page;
    await page.getByText(/, Lucía$/).waitFor();

    await page.getByRole('button', { name: /^Profiles/ }).click();
    await page.getByRole('button', { name: 'Delete Kenji' }).click();
    await page.getByRole('alertdialog', { name: 'Delete Kenji?' }).getByRole('button', { name: 'Delete profile and all its data' }).click();
    await page.getByRole('list', { name: 'Profiles' }).getByText('Kenji').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Who is practising?' }).waitFor();
    await page.getByRole('button', { name: 'Continue as Lucía' }).click();
    await page.getByText(/, Lucía$/).waitFor();
  } finally {
    await browser.close();
    await app.stop();
    execFileSync('rm', ['-rf', dataDir]);
  }
});
