// Every screen, in the light and the dark theme, passes axe-core's WCAG 2.1
// A and AA rules: what screen-reader users and accessibility auditors check.
// The counts per screen and theme are written to build/test-results/a11y.json.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { accessibilityViolations, asProfile, describeViolations, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';

const counts = {};
after(() => {
  mkdirSync('../build/test-results', { recursive: true });
  writeFileSync('../build/test-results/a11y.json', JSON.stringify(counts, null, 2) + '\n');
});

/**
 * Checks the screen as it is now in both themes (the learner's theme is
 * "auto", so the system's colour scheme decides) and returns the failures
 * as readable text; "" when there are none.
 */
async function check(page, screen) {
  const failures = [];
  for (const theme of ['light', 'dark']) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    const violations = await accessibilityViolations(page);
    counts[screen] = { ...counts[screen], [theme]: violations.reduce((n, v) => n + v.nodes.length, 0) };
    await page.screenshot({ path: `../build/test-results/a11y-${screen.replace(/\W+/g, '-').toLowerCase()}-${theme}.png`, fullPage: true });
    if (violations.length > 0) failures.push(describeViolations(`${screen}, ${theme} theme`, violations));
  }
  await page.emulateMedia({ colorScheme: 'light' });
  return failures.join('\n');
}

/** Visits each screen in turn, then fails with every violation found. */
async function visit(page, screens) {
  const failures = [];
  for (const [screen, reach] of screens) {
    await reach();
    const found = await check(page, screen);
    if (found) failures.push(found);
  }
  if (failures.length > 0) throw new Error(failures.join('\n\n'));
}

async function backHome(page) {
  await page.getByRole('button', { name: 'Back to home' }).click();
}

/** Answers with the first quick reply, or types when there is none, until the session can be finished. */
async function talkUntilDone(page) {
  const log = page.getByRole('log', { name: 'Conversation' });
  for (let turn = 0; turn < 20; turn++) {
    if (await page.getByRole('button', { name: 'Finish session' }).isVisible()) return;
    const before = await log.getByRole('article').count();
    const choices = page.getByRole('group', { name: 'Quick replies' }).getByRole('button');
    if ((await choices.count()) > 0) {
      await choices.first().click();
    } else {
      await page.getByRole('textbox', { name: 'Your message' }).fill('リサです。');
      await page.getByRole('button', { name: 'Send' }).click();
    }
    await page.waitForFunction((n) => document.querySelectorAll('[role=log] article').length >= n + 2, before);
  }
  throw new Error('the session did not reach its end');
}

test('first launch: welcome, plans, settings, the offline onboarding, rating, saving progress', async () => {
  const app = await startApp();
  const { page, close, errors } = await openPage(app);
  try {
    await visit(page, [
      ['Welcome', async () => {
        await page.getByRole('heading', { name: /I'm Kai/ }).waitFor();
        // The page marks its first screen painted (the smoke test reads Go's log of it).
        await page.waitForFunction(() => performance.getEntriesByName('first-screen-painted').length === 1);
      }],
      ['Plans', async () => {
        await page.getByRole('button', { name: 'I have a licence key' }).click();
        await page.getByRole('heading', { name: 'Plans', level: 1 }).waitFor();
      }],
      ['Settings', async () => {
        await backHome(page);
        await page.getByRole('button', { name: 'Set up my AI partner' }).click();
        await page.getByRole('radio', { name: /Your own AI partner/ }).waitFor();
      }],
      ['Conversation with the offline partner, readings shown', async () => {
        await backHome(page);
        await page.getByRole('button', { name: /Japanese/ }).click();
        await page.getByRole('group', { name: 'Quick replies' }).getByRole('button').first().waitFor();
        await page.getByRole('button', { name: 'Show readings' }).click();
        const replies = page.getByRole('group', { name: 'Quick replies' });
        await replies.locator('ruby rt').first().waitFor();
        // A quick reply is named by its line: the readings over it are for the eyes.
        const line = await replies.getByRole('button').first().evaluate((b) => {
          const copy = b.cloneNode(true);
          copy.querySelectorAll('rt, rp').forEach((r) => r.remove());
          return copy.textContent.trim();
        });
        assert.equal(await replies.getByRole('button', { name: line, exact: true }).count(), 1);
      }],
      ['Rating the session', async () => {
        await talkUntilDone(page);
        await page.getByRole('button', { name: 'Finish session' }).click();
        await page.getByRole('button', { name: 'Save ratings' }).waitFor();
      }],
      ['Session report and saving progress', async () => {
        await page.getByRole('group', { name: 'How confident did you feel?' }).getByRole('radio', { name: '4' }).check();
        await page.getByRole('button', { name: 'Save ratings' }).click();
        await page.getByRole('heading', { name: 'Save your progress?' }).waitFor();
      }],
      ['Profile form', async () => {
        await page.getByRole('button', { name: 'Yes, save my progress' }).click();
        await page.getByRole('textbox', { name: 'Name' }).waitFor();
      }],
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await close();
    await app.stop();
  }
});

test('a returning learner: home, an AI partner, progress, review, memory, profiles', async () => {
  const ai = await startFakeAI();
  const app = await startApp({ env: { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor', KAIWA_AI_API_KEY: 'sk-e2e-a11y-0123456789' } });
  const { page, close, errors } = await openPage(app);
  try {
    await asProfile(page, 'Tester', 'ja');
    await visit(page, [
      ['Home', () => page.getByRole('combobox', { name: "I'm learning" }).waitFor()],
      ['Conversation with an AI partner', async () => {
        ai.behave({ chunks: ['こんにちは！', '何を飲みますか？'] });
        await page.getByRole('button', { name: 'Free talk' }).click();
        await page.getByRole('article', { name: 'Partner said' }).getByText('何を飲みますか？').waitFor();
        await page.getByRole('textbox', { name: 'Your message' }).fill('コーヒーをください。');
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByRole('article', { name: 'Partner said' }).nth(1).waitFor();
      }],
      ['Progress', async () => {
        await backHome(page);
        await page.getByRole('button', { name: 'Progress', exact: true }).click();
        await page.getByRole('heading', { name: 'Your progress' }).waitFor();
      }],
      ['Review', async () => {
        await backHome(page);
        await page.getByRole('button', { name: /^Review \(/ }).click();
        await page.getByRole('heading', { name: 'Review', exact: true }).waitFor();
      }],
      ['Memory', async () => {
        await backHome(page);
        await page.getByRole('button', { name: 'Memory', exact: true }).click();
        await page.getByRole('heading', { name: 'What Kai remembers' }).waitFor();
      }],
      ['Profiles', async () => {
        await backHome(page);
        await page.getByRole('button', { name: /^Profiles/ }).click();
        await page.getByRole('heading', { name: 'Profiles', exact: true }).waitFor();
      }],
    ]);
    assert.deepEqual(errors, []);
  } finally {
    await close();
    await app.stop();
    await ai.close();
  }
});

test('a start-up problem', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kaiwa-a11y-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  // A database from a newer Kaiwa stops start-up on the problem page.
  execFileSync('sqlite3', [join(dataDir, 'kaiwa.db'),
    'CREATE TABLE schema_migrations (version uint64, dirty bool); INSERT INTO schema_migrations VALUES (999, 0);']);
  const app = await startApp({ dataDir });
  const { page, close } = await openPage(app);
  try {
    await visit(page, [['Problem', () => page.getByRole('alert').getByRole('heading', { name: "Kaiwa can't start" }).waitFor()]]);
  } finally {
    await close();
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
