// Starts the real Kaiwa backend (the dev-tagged binary serving the page and
// its Go bindings over HTTP) with a fresh data dir, and a headless Chromium
// on it. Each test gets its own app; everything started is stopped by PID.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startIpcProxy } from './ipc-proxy.mjs';

const root = resolve(import.meta.dirname, '../..');
const bin = resolve(root, process.env.KAIWA_DEV_BIN ?? 'build/bin/kaiwa-dev');
const assets = resolve(root, 'frontend/dist');

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function waitForHTTP(url, app, log) {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (app.exitCode !== null) throw new Error(`kaiwa exited (${app.exitCode}):\n${log()}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`kaiwa did not serve ${url} within 15 s:\n${log()}`);
}

/**
 * Starts Kaiwa on dataDir (a new temporary one by default). wholeMessages
 * puts ipc-proxy.mjs in front of it, for pages that send calls larger than
 * about 128 KB (several seconds of recorded speech).
 */
export async function startApp({ dataDir, env = {}, wholeMessages = false } = {}) {
  const ownDir = !dataDir;
  dataDir ??= mkdtempSync(join(tmpdir(), 'kaiwa-e2e-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let output = '';
  const app = spawn(bin, ['-devserver', `127.0.0.1:${port}`, '-assetdir', assets], {
    env: { ...process.env, KAIWA_DATA_DIR: dataDir, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  app.stdout.on('data', (d) => (output += d));
  app.stderr.on('data', (d) => (output += d));
  await waitForHTTP(url, app, () => output);
  const proxy = wholeMessages ? await startIpcProxy(port) : null;
  return {
    url: proxy ? `http://127.0.0.1:${proxy.port}` : url,
    dataDir,
    pid: app.pid,
    log: () => output,
    async stop({ keepData = false } = {}) {
      await proxy?.close();
      if (app.exitCode === null) {
        const exited = new Promise((r) => app.once('exit', r));
        app.kill('SIGTERM');
        await exited;
      }
      if (ownDir && !keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A headless Chromium page on the app, once the Go bindings are ready; args are Chromium's extra flags. */
export async function openPage(app, { args = [] } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'kaiwa-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      ...args,
    ],
  });
  const page = browser.pages()[0] ?? (await browser.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  await page.goto(app.url);
  await page.waitForFunction(() => window.go?.api?.App, null, { timeout: 10_000 });
  return {
    page,
    errors,
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Skips the first-run onboarding by creating a profile through the real
 * binding (the journey itself is tested in journeys.test.mjs), then reloads
 * on the home page.
 */
export async function asProfile(page, name = 'Tester', targetLanguage = 'ja') {
  await page.evaluate(
    (form) => window.go.api.Profiles.Create(form),
    { name, email: '', nativeLanguage: 'en', targetLanguage, goal: 'conversational', level: 'beginner' },
  );
  await page.reload();
  await page.waitForFunction(() => window.go?.api?.App, null, { timeout: 10_000 });
  await page.getByRole('combobox', { name: "I'm learning" }).waitFor();
}

// axe-core, the rule engine auditors and screen-reader users rely on, run
// with the WCAG 2.1 A and AA rules; every rule of those levels stays on.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** The WCAG 2.1 A/AA violations on the page as it is now: [{id, impact, help, nodes: [{target, summary}]}]. */
export async function accessibilityViolations(page) {
  // Evaluated over the DevTools protocol, which the page's CSP does not cover.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  return page.evaluate(async (tags) => {
    const { violations } = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  }, WCAG_TAGS);
}

/** The violations as a readable list headed by where they were found. */
export function describeViolations(where, violations) {
  const count = violations.reduce((sum, v) => sum + v.nodes.length, 0);
  const lines = violations.flatMap((v) => [
    `${v.id} (${v.impact}): ${v.help}`,
    ...v.nodes.map((n) => `    ${n.target}\n      ${n.summary.replace(/\n/g, '\n      ')}`),
  ]);
  return `${where}: ${count} element(s) break WCAG 2.1 A/AA rules:\n  ${lines.join('\n  ')}`;
}

/** Fails with a readable list when the page breaks a WCAG 2.1 A/AA rule; where names the screen. */
export async function assertAccessible(page, where) {
  const violations = await accessibilityViolations(page);
  if (violations.length > 0) throw new Error(describeViolations(where, violations));
}
