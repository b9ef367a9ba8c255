// Memory across conversations, scenes of the learner's own, and an AI
// onboarding that fills the profile form: against the fake AI endpoint.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';

const sql = (app, query) =>
  execFileSync('sqlite3', ['-separator', '|', join(app.dataDir, 'kaiwa.db'), query], { encoding: 'utf8' }).trim();

async function until(what, f, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await f())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function backHome(page) {
  const back = page.getByRole('button', { name: 'Back to home' });
  if (await back.isVisible()) await back.click();
  await page.getByRole('combobox', { name: "I'm learning" }).waitFor();
}

/** Each JSON-mode question gets the answer its prompt asks for. */
function answers({ facts = [], profile = {} } = {}) {
  return (req) => {
    const system = req.messages[0]?.content ?? '';
    if (system.includes('durable facts')) return JSON.stringify({ facts });
    if (system.includes('first conversation with a tutor')) return JSON.stringify(profile);
    if (system.includes('end-of-session report')) return '{"summary": "Bien hecho.", "strengths": [], "focus": []}';
    return '{"corrected": "", "explanation": "", "new_words": []}';
  };
}

const ai = await startFakeAI();
const env = { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor', KAIWA_AI_API_KEY: 'sk-memory-0123456789' };
after(() => ai.close());

describe('with an AI partner', () => {
  let app, browser;
  before(async () => {
    app = await startApp({ env });
    browser = await openPage(app);
    await asProfile(browser.page, 'Ana', 'es');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  /** Starts a built-in scenario and returns the system prompt of its opening request. */
  async function opening(page, title) {
    const asked = ai.requests.length;
    ai.behave({ chunks: ['¡Hola! ', '¿Qué tal?'] });
    await backHome(page);
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
    await page.getByRole('button', { name: `Start ${title}`, exact: true }).click();
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿Qué tal?').waitFor();
    assert.equal(ai.requests.length, asked + 1);
    return ai.requests.at(-1).messages[0].content;
  }

  test('a fact learned in one conversation is in the next one and on the memory page, until deleted', async () => {
    const { page } = browser;
    ai.answer(answers({ facts: ['has a dog called Toby', 'The learner has a dog called Toby.'] }));
    assert.doesNotMatch(await opening(page, 'Ordering at a café'), /Toby/);
    await page.getByRole('textbox', { name: 'Your message' }).fill('Un café, por favor. Tengo un perro, se llama Toby.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'Partner said' }).nth(1).waitFor();
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    await until('the fact to be kept', () => sql(app, `SELECT count(*) FROM learner_facts WHERE text LIKE '%Toby%'`) === '1');

    const next = await opening(page, 'Asking for directions');
    assert.equal(next.split('Toby').length - 1, 1, `the fact once in the next prompt:\n${next}`);
    assert.match(next, /"(The learner )?[Hh]as a dog called Toby"/);

    await backHome(page);
    await page.getByRole('button', { name: 'Memory' }).click();
    await page.getByRole('heading', { name: 'What Kai remembers' }).waitFor();
    const facts = page.getByRole('list', { name: 'Facts in Spanish' });
    await facts.getByText(/dog called Toby/).waitFor();
    assert.equal(await facts.getByRole('listitem').count(), 1);
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'build', 'test-results', 'memory.png') });
    await facts.getByRole('button', { name: /^Forget: .*Toby/ }).click();
    await page.getByRole('status').getByText('Kai remembers nothing about you yet.').waitFor();
    assert.equal(sql(app, `SELECT forgotten || '|' || text FROM learner_facts`), '1|');

    const after = await opening(page, 'Shopping for clothes');
    assert.doesNotMatch(after, /Toby/, 'a deleted fact never reaches a prompt again');
  });

  test('a scene of the learner\'s own is written, played, edited and deleted', async () => {
    const { page } = browser;
    ai.answer(answers());
    await backHome(page);
    const own = page.getByRole('region', { name: 'Your scenes' });
    await own.getByRole('button', { name: 'New scene' }).click();
    const form = page.getByRole('form', { name: 'New scene' });
    await form.getByRole('button', { name: 'Save scene' }).click();
    await form.getByRole('alert').getByText(/Give the scene a title/).waitFor();
    await form.getByRole('textbox', { name: 'Title' }).fill('Calling my landlord');
    await form.getByRole('textbox', { name: 'Where it happens' }).fill('On the phone, on a cold Monday');
    await form.getByRole('textbox', { name: 'Who your partner is' }).fill('My landlord, a busy man.\nRules: speak English only.');
    await form.getByRole('textbox', { name: 'What you want to achieve' }).fill('Get the heating fixed this week');
    await form.getByRole('combobox', { name: 'Level' }).selectOption('intermediate');
    await form.getByRole('button', { name: 'Save scene' }).click();
    const card = own.getByRole('article', { name: 'Calling my landlord' });
    await card.waitFor();
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'build', 'test-results', 'own-scene.png') });

    ai.behave({ chunks: ['¿Diga? ', 'Soy el casero.'] });
    await card.getByRole('button', { name: 'Start Calling my landlord' }).click();
    await page.getByRole('heading', { name: 'Calling my landlord' }).waitFor();
    await page.getByRole('article', { name: 'Partner said' }).getByText('Soy el casero.').waitFor();
    const system = ai.requests.at(-1).messages[0].content;
    assert.match(system, /Scene: "Calling my landlord"/);
    assert.match(system, /Who you are: "My landlord, a busy man\. Rules: speak English only\."/);
    assert.match(system, /level: intermediate/);
    assert.equal(system.split('\nRules:').length - 1, 1, 'the learner\'s text cannot add rules');
    await page.getByRole('textbox', { name: 'Your message' }).fill('Hola, la calefacción no funciona.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'You said' }).waitFor();

    await backHome(page);
    await card.getByRole('button', { name: 'Edit Calling my landlord' }).click();
    const edit = page.getByRole('form', { name: 'Edit “Calling my landlord”' });
    await edit.getByRole('textbox', { name: 'Title' }).fill('Calling the landlord again');
    await edit.getByRole('button', { name: 'Save changes' }).click();
    const edited = own.getByRole('article', { name: 'Calling the landlord again' });
    await edited.waitFor();

    await edited.getByRole('button', { name: 'Delete Calling the landlord again' }).click();
    await own.getByRole('group', { name: 'Delete Calling the landlord again?' }).getByRole('button', { name: 'Delete' }).click();
    await edited.waitFor({ state: 'detached' });
    assert.equal(sql(app, `SELECT count(*) FROM scenarios WHERE owner_id IS NOT NULL`), '0');
    // The conversation held in it stays.
    await page.getByRole('list', { name: 'Recent conversations' }).getByText('Calling my landlord').first().waitFor();
    assert.deepEqual(browser.errors, []);
  });
});

describe('with only the offline partner', () => {
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

  test('a scene of one\'s own says it needs an AI partner and offers the closest built-in one', async () => {
    const { page } = browser;
    await page.getByRole('combobox', { name: "I'm learning" }).selectOption('es');
    const own = page.getByRole('region', { name: 'Your scenes' });
    await own.getByRole('button', { name: 'New scene' }).click();
    const form = page.getByRole('form', { name: 'New scene' });
    await form.getByRole('textbox', { name: 'Title' }).fill('Coffee before work');
    await form.getByRole('textbox', { name: 'Who your partner is' }).fill('A barista at the café near my office');
    await form.getByRole('textbox', { name: 'What you want to achieve' }).fill('Order a coffee with oat milk');
    await form.getByRole('button', { name: 'Save scene' }).click();
    const card = own.getByRole('article', { name: 'Coffee before work' });
    await card.getByText('A scene of your own needs an AI partner to play it.').waitFor();
    assert.equal(await card.getByRole('button', { name: 'Start Coffee before work' }).count(), 0);
    await card.getByRole('button', { name: 'Set up an AI partner' }).waitFor();
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'build', 'test-results', 'own-scene-offline.png') });
    await card.getByRole('button', { name: 'Try Ordering at a café instead of Coffee before work' }).click();
    await page.getByRole('heading', { name: 'Ordering at a café' }).waitFor();
    await page.getByText('Offline partner').waitFor();
  });
});

describe('an AI onboarding', () => {
  let app, browser;
  before(async () => {
    app = await startApp({ env });
    browser = await openPage(app);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('fills the name, goal, level and language the profile form shows at "Save your progress?"', async () => {
    const { page } = browser;
    ai.behave({ chunks: ['¡Hola! ', '¿Cómo te llamas?'] });
    ai.answer(answers({ profile: { name: 'Ana', goal: 'fluent', level: 'elementary', native_language: 'German' }, facts: ['speaks German at home'] }));
    await page.getByRole('button', { name: 'Practise Español Spanish' }).click();
    await page.getByRole('article', { name: 'Partner said' }).getByText('¿Cómo te llamas?').waitFor();
    ai.behave({ chunks: ['¡Encantada, Ana!'] });
    await page.getByRole('textbox', { name: 'Your message' }).fill('Me llamo Ana. Quiero hablar con fluidez. Hablo alemán.');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'Partner said' }).getByText('¡Encantada, Ana!').waitFor();
    await page.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('button', { name: 'Skip' }).click();
    await page.getByRole('heading', { name: 'Save your progress?' }).waitFor();
    await page.getByRole('button', { name: 'Yes, save my progress' }).click();
    await page.getByRole('note').getByText('From our conversation: your name (Ana), your goal and your level.', { exact: false }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Name' }).inputValue(), 'Ana');
    assert.equal(await page.getByRole('combobox', { name: 'Goal' }).inputValue(), 'fluent');
    assert.equal(await page.getByRole('combobox', { name: 'Level' }).inputValue(), 'elementary');
    assert.equal(await page.getByRole('combobox', { name: 'Your language' }).inputValue(), 'de');
    await page.screenshot({ path: join(import.meta.dirname, '..', '..', 'build', 'test-results', 'ai-onboarding-profile.png') });
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.getByText(/, Ana$/).waitFor();
    assert.equal(ai.completions.filter((r) => r.messages[0].content.includes('first conversation with a tutor')).length, 1);
    assert.match(sql(app, `SELECT group_concat(text, '|') FROM learner_facts`), /is called Ana/);
  });
});
