// Kaiwa AI, the partner a plan brings: offered once a Pro licence is active,
// answering through an imitation of its gateway with the licence and the
// activation, and, when the month's allowance is used up, the limit with its
// three ways out.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, startApp } from './harness.mjs';
import { billingEnv, startFakeBilling } from './fake-billing.mjs';
import { startFakeAI } from './fake-ai.mjs';

const PRO_KEY = 'PRO-5A1E0C77-2F4B-4C1D-9E3A-6B8D2C4F1A90';

describe('Kaiwa AI', () => {
  let gateway, fake, app, browser;
  before(async () => {
    gateway = await startFakeAI();
    gateway.kaiwaAI([PRO_KEY]);
    fake = await startFakeBilling();
    app = await startApp({ env: { ...billingEnv(fake), KAIWA_AI_GATEWAY_URL: gateway.baseURL } });
    browser = await openPage(app);
    const { page } = browser;
    await page.evaluate(
      (form) => window.go.api.Profiles.Create(form),
      { name: 'Aiko', email: '', nativeLanguage: 'en', targetLanguage: 'es', goal: 'conversational', level: 'beginner' },
    );
    await page.reload();
    await page.getByRole('combobox', { name: "I'm learning" }).waitFor();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
    await gateway?.close();
  });

  const partnerChoice = (page) => page.getByRole('group', { name: 'Partner' });

  test('on Free it is not a partner to choose, only a plan away', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { name: 'Conversation partner' }).waitFor();
    assert.equal(await partnerChoice(page).getByRole('radio', { name: /Kaiwa AI/ }).count(), 0);
    await page.getByText('No key? Kaiwa AI comes with the Pro and Premium plans.').waitFor();
    await page.getByRole('button', { name: 'See plans' }).click();
    await page.getByRole('heading', { name: 'Plans', level: 1 }).waitFor();
  });

  test('with an active Pro licence it appears and answers through the gateway, with the licence and the activation', async () => {
    const { page } = browser;
    await page.getByLabel('Licence key from your receipt').fill(PRO_KEY);
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('status').filter({ hasText: 'Licence activated' }).waitFor();
    await page.getByRole('button', { name: 'Back to home' }).click();

    await page.getByRole('button', { name: 'Settings' }).click();
    await partnerChoice(page).getByRole('radio', { name: /Kaiwa AI/ }).check();
    await page.getByRole('button', { name: 'Save partner' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await page.getByRole('button', { name: 'Back to home' }).click();

    gateway.behave({ chunks: ['¡Buenos días! ', '¿Qué le pongo?'] });
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.getByRole('article', { name: 'Partner said' }).filter({ hasText: '¿Qué le pongo?' }).waitFor();
    await page.getByText('Kaiwa AI', { exact: false }).first().waitFor();

    const activation = fake.requests.find((r) => r.op === 'activate' && r.key === PRO_KEY);
    assert.ok(activation);
    assert.equal(gateway.requests.length, 1);
    const [opening] = gateway.requests;
    assert.equal(opening.authorization, `Bearer ${PRO_KEY}`);
    assert.match(opening.instance, /^instance-\d+$/);
    assert.equal(opening.model, 'kaiwa-pro');
    const [conversation] = await page.evaluate(() => window.go.api.Conversations.List());
    assert.equal(opening.conversation, conversation.id);
    assert.equal(conversation.partner, 'kaiwa');
    await page.screenshot({ path: '../build/test-results/kaiwa-ai.png', fullPage: true });
  });

  test('its quota answer shows the limit message with the three ways out', async () => {
    const { page } = browser;
    gateway.behave({ status: 429, code: 'quota_exceeded', error: "This month's Kaiwa AI allowance is used up." });
    await page.getByRole('textbox', { name: 'Your message' }).fill('Un café con leche, por favor.');
    await page.getByRole('button', { name: 'Send' }).click();
    const problem = page.getByRole('alert').filter({ hasText: "You have used this month's Kaiwa AI on your plan." });
    await problem.waitFor();
    assert.match(await problem.textContent(), /Upgrade on the Plans page, switch to your own AI in Settings, or continue with the offline partner/);
    for (const way of ['Continue with the offline partner', 'Use my own AI', 'See plans']) {
      await problem.getByRole('button', { name: way }).waitFor();
    }
    // The learner's words stay.
    await page.getByRole('log', { name: 'Conversation' }).getByText('Un café con leche, por favor.').waitFor();
    await page.screenshot({ path: '../build/test-results/kaiwa-ai-limit.png', fullPage: true });

    await problem.getByRole('button', { name: 'See plans' }).click();
    await page.getByText('Kaiwa AI conversations: 1 of 100').waitFor();
    await page.getByRole('button', { name: 'Back to home' }).click();
  });

  test('when the store says the plan does not include it, the limit says so too', async () => {
    const { page } = browser;
    gateway.behave({ status: 402, error: 'Payment required' });
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'Your plan does not include Kaiwa AI.' });
    await problem.waitFor();
    await problem.getByRole('button', { name: 'Use my own AI' }).click();
    await page.getByRole('heading', { name: 'Conversation partner' }).waitFor();
  });
});
