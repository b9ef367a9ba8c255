import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPage, startApp } from './harness.mjs';
import { CHECKOUT, PORTAL, billingEnv, startFakeBilling } from './fake-billing.mjs';
import { startFakeAI } from './fake-ai.mjs';

const PRO_KEY = 'PRO-38B1460A-5104-4067-A91D-77B872934D51';

async function asLearner(page, email = 'aiko@example.com') {
  await page.evaluate(
    (form) => window.go.api.Profiles.Create(form),
    { name: 'Aiko', email, nativeLanguage: 'en', targetLanguage: 'es', goal: 'conversational', level: 'beginner' },
  );
  await page.reload();
  await page.getByRole('combobox', { name: "I'm learning" }).waitFor();
}

async function openPlans(page) {
  await page.getByRole('button', { name: /^Plans/ }).click();
  await page.getByRole('heading', { name: 'Plans', level: 1 }).waitFor();
  await page.getByRole('list', { name: 'Plans' }).waitFor();
}

const tier = (page, name) => page.getByRole('list', { name: 'Plans' }).getByRole('listitem').filter({ has: page.getByRole('heading', { name, exact: true }) });

describe('plans and licences', () => {
  let fake, app, browser, dataDir, openLog;
  before(async () => {
    fake = await startFakeBilling();
    dataDir = mkdtempSync(join(tmpdir(), 'kaiwa-billing-'));
    openLog = join(dataDir, 'opened.txt');
    app = await startApp({ dataDir, env: { ...billingEnv(fake), KAIWA_AI_GATEWAY_URL: 'http://127.0.0.1:9/v1', KAIWA_OPEN_LOG: openLog, KAIWA_NOW: '2026-03-02T10:00:00Z' } });
    browser = await openPage(app);
    await asLearner(browser.page);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the plans page shows the three plans, what each brings of Kaiwa AI, and that your own AI is never counted', async () => {
    const { page } = browser;
    assert.equal(await page.getByRole('button', { name: 'Plans: Free plan' }).textContent(), 'Free plan');
    await openPlans(page);
    for (const [name, price, kaiwa] of [
      ['Free', '$0', 'No Kaiwa AI'],
      ['Pro', '$9.99', 'Kaiwa AI, no key needed: 100 conversations and 300 minutes a month'],
      ['Premium', '$19.99', 'Kaiwa AI, no key needed: unlimited'],
    ]) {
      const card = tier(page, name);
      assert.match(await card.textContent(), new RegExp(price.replace('$', '\\$')));
      assert.match(await card.textContent(), new RegExp(kaiwa));
      assert.match(await card.textContent(), /Your own AI, unlimited/);
      assert.match(await card.textContent(), /Offline partner, unlimited/);
    }
    assert.match(await tier(page, 'Free').textContent(), /Current plan/);
    assert.match(await tier(page, 'Premium').textContent(), /Progress analytics/);
    await page.getByRole('note').filter({ hasText: 'Your own AI and the offline partner are free and unlimited on every plan.' }).waitFor();
    await page.getByText('Your own AI and the offline partner: unlimited, never counted.').waitFor();
    // The three plans sit side by side.
    const tops = await page.getByRole('list', { name: 'Plans' }).getByRole('listitem').evaluateAll((els) => els.filter((e) => e.querySelector('h2')).map((e) => Math.round(e.getBoundingClientRect().top)));
    assert.equal(new Set(tops).size, 1, `plan cards at ${tops}`);
    await page.screenshot({ path: '../build/test-results/plans.png', fullPage: true });
  });

  test('upgrade opens the plan’s hosted checkout with the learner’s email', async () => {
    const { page } = browser;
    await tier(page, 'Pro').getByRole('button', { name: 'Upgrade to Pro' }).click();
    await page.getByRole('status').filter({ hasText: 'checkout opened in your browser' }).waitFor();
    const opened = readFileSync(openLog, 'utf8').trim().split('\n');
    assert.deepEqual(opened, [`${CHECKOUT.pro}?checkout%5Bemail%5D=aiko%40example.com`]);
  });

  test('a key the store refuses explains what to do and changes nothing', async () => {
    const { page } = browser;
    const key = page.getByLabel('Licence key from your receipt');
    for (const [bad, message] of [
      ['NOPE-1234-5678', 'That licence key was not recognised'],
      ['OTHER-1234-5678', 'This licence key is for a different product'],
      ['LIMIT-1234-5678', 'already in use on as many computers as it allows'],
      ['DOWN-1234-5678', 'could not reach the licence server'],
    ]) {
      await key.fill(bad);
      await page.getByRole('button', { name: 'Activate' }).click();
      await page.getByRole('alert').filter({ hasText: message }).waitFor();
      assert.match(await tier(page, 'Free').textContent(), /Current plan/);
    }
    // The refused "other store" key was given back straight away.
    assert.ok(fake.requests.some((r) => r.op === 'deactivate' && r.key.startsWith('OTHER-')));
  });

  test('pasting a key from the receipt makes the learner Pro; the key stays in the keyring', async () => {
    const { page } = browser;
    await page.getByLabel('Licence key from your receipt').fill(PRO_KEY);
    await page.getByRole('button', { name: 'Activate' }).click();
    await page.getByRole('status').filter({ hasText: 'Licence activated' }).waitFor();
    assert.match(await tier(page, 'Pro').textContent(), /Current plan/);
    await page.getByText('Kaiwa AI conversations: 0 of 100').waitFor();
    await page.getByText('Kaiwa AI minutes: 0 of 300').waitFor();
    assert.equal(await page.getByLabel('Licence key, masked').textContent(), 'PRO…4D51');
    assert.ok(!(await page.content()).includes(PRO_KEY), 'the whole key is on the page');
    const activation = fake.requests.find((r) => r.op === 'activate' && r.key === PRO_KEY);
    assert.match(activation.instanceName, /^Kaiwa on /);
    assert.equal(activation.contentType, 'application/x-www-form-urlencoded');

    const userId = await page.evaluate(() => window.go.api.Profiles.Current().then((s) => s.learner.id));
    const stored = execFileSync('secret-tool', ['lookup', 'service', 'Kaiwa', 'username', `licence-key:${userId}`], { encoding: 'utf8' });
    assert.equal(stored, PRO_KEY);
    const db = (q) => execFileSync('sqlite3', [join(dataDir, 'kaiwa.db'), q], { encoding: 'utf8' }).trim();
    assert.equal(db('SELECT tier_id, status, provider FROM subscriptions'), 'pro|active|lemonsqueezy');
    assert.match(db('SELECT provider_order_id, amount_cents, currency, status FROM payments'), /^7\d{3}\|999\|USD\|paid$/);

    await page.getByRole('button', { name: 'Manage billing' }).click();
    await page.getByRole('status').filter({ hasText: 'Billing opened' }).waitFor();
    assert.equal(readFileSync(openLog, 'utf8').trim().split('\n').at(-1), PORTAL);
    await page.screenshot({ path: '../build/test-results/plans-pro.png', fullPage: true });
  });

  test('when the store says the key expired, the next day’s check moves the learner to Free', async () => {
    await browser.close();
    await app.stop();
    fake.setStatus(PRO_KEY, 'expired');
    // The same day: no check, still Pro.
    app = await startApp({ dataDir, env: { ...billingEnv(fake), KAIWA_NOW: '2026-03-02T18:00:00Z' } });
    browser = await openPage(app);
    let { page } = browser;
    await page.getByRole('button', { name: 'Plans: Pro plan' }).waitFor();
    assert.ok(!fake.requests.some((r) => r.op === 'validate'), 'validated twice in a day');
    await browser.close();
    await app.stop();

    app = await startApp({ dataDir, env: { ...billingEnv(fake), KAIWA_NOW: '2026-03-03T11:00:00Z' } });
    browser = await openPage(app);
    page = browser.page;
    await page.getByRole('button', { name: 'Plans: Free plan' }).waitFor();
    await openPlans(page);
    assert.match(await tier(page, 'Free').textContent(), /Current plan/);
    await page.getByRole('note').filter({ hasText: 'This licence key has expired' }).waitFor();
    assert.equal(fake.requests.filter((r) => r.op === 'validate').length, 1);
  });

  test('a licence can be deactivated to move it to another computer', async () => {
    const { page } = browser;
    await page.getByRole('button', { name: 'Deactivate on this computer' }).click();
    await page.getByRole('status').filter({ hasText: 'Licence deactivated' }).waitFor();
    await page.getByLabel('Licence key from your receipt').waitFor();
    assert.ok(fake.requests.some((r) => r.op === 'deactivate' && r.key === PRO_KEY));
  });
});

describe('your own AI on the Free plan', () => {
  let ai, fake, app, browser;
  before(async () => {
    ai = await startFakeAI();
    fake = await startFakeBilling();
    app = await startApp({ env: { ...billingEnv(fake), KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor' } });
    browser = await openPage(app);
    await asLearner(browser.page);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await fake?.close();
    await ai?.close();
  });

  test('is never counted or limited: after 50 conversations this month a new one still answers', async () => {
    const { page } = browser;
    // Fifty conversations with the learner's own endpoint, through the real service.
    await page.evaluate(async () => {
      for (let i = 0; i < 50; i++) {
        const v = await window.go.api.Conversations.Start('cafe', 'es', `reply:seed-${i}`);
        if (v.limit) throw new Error(`limited after ${i}: ${v.limit}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    });
    await page.reload();
    ai.behave({ chunks: ['¡Hola! ', '¿Qué le pongo?'] });
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    const log = page.getByRole('log', { name: 'Conversation' });
    await log.getByRole('article', { name: 'Partner said' }).filter({ hasText: '¿Qué le pongo?' }).waitFor();
    assert.equal(ai.requests.length, 51);
    assert.equal(await page.getByRole('alert').count(), 0);

    await page.getByRole('button', { name: 'Back to home' }).click();
    await openPlans(page);
    await page.getByText('Your own AI and the offline partner: unlimited, never counted.').waitFor();
    assert.match(await tier(page, 'Free').textContent(), /Current plan/);
  });
});

describe('a build that knows no store', () => {
  let app, browser;
  before(async () => {
    app = await startApp();
    browser = await openPage(app);
    await asLearner(browser.page);
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  test('shows the plans, sells none and says so, and activates no licence', async () => {
    const { page } = browser;
    await openPlans(page);
    await page.getByRole('note').filter({ hasText: 'This build of Kaiwa sells no plans; everything on your own AI stays free' }).waitFor();
    assert.equal(await tier(page, 'Pro').getByRole('button').count(), 0);
    assert.equal(await tier(page, 'Premium').getByRole('button').count(), 0);
    assert.equal(await page.getByLabel('Licence key from your receipt').count(), 0);
    await page.getByText('This build of Kaiwa sells no plans, so it cannot activate a licence key.').waitFor();
    const refused = await page.evaluate(() => window.go.api.Billing.Activate('PRO-1234').then(() => null, (e) => e));
    assert.equal(refused.code, 'unavailable');
    assert.match(refused.message, /^This build of Kaiwa sells no plans, so it cannot activate a licence key/);
    assert.match(await tier(page, 'Free').textContent(), /Current plan/);
  });
});
