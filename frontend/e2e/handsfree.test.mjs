import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { startFakeAI } from './fake-ai.mjs';
import { speechWav } from './speech.mjs';

// Hands-free conversation with Chromium's fake microphone playing a file of
// Spanish speech made with espeak-ng, in a loop: the learner "speaks" every
// few seconds and nobody clicks anything after turning hands-free on.

const dir = mkdtempSync(join(tmpdir(), 'kaiwa-handsfree-'));
function micArgs(name, parts) {
  const made = speechWav(parts);
  const file = join(dir, `${name}.wav`);
  writeFileSync(file, made.wav);
  return {
    seconds: made.seconds,
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${file}`,
      '--autoplay-policy=no-user-gesture-required'],
  };
}

// Watches every line the page plays: when it started sounding and when it was paused.
function watchPlayback() {
  window.kaiwaPlayed = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    if (this.src.length < 10_000) return play.call(this); // the silent unlock
    const entry = { src: this.src.slice(0, 30), asked: performance.now(), playing: 0, paused: 0, ended: 0 };
    window.kaiwaPlayed.push(entry);
    this.addEventListener('playing', () => (entry.playing ||= performance.now()), { once: true });
    this.addEventListener('pause', () => (entry.paused ||= performance.now()), { once: true });
    this.addEventListener('ended', () => (entry.ended ||= performance.now()), { once: true });
    return play.call(this);
  };
}

const sql = (app, q) => execFileSync('sqlite3', [join(app.dataDir, 'kaiwa.db'), q], { encoding: 'utf8' }).trim();
const until = async (what, ok, ms = 30_000) => {
  const deadline = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

async function open(mic, chunks) {
  const ai = await startFakeAI();
  ai.behave({ chunks });
  const app = await startApp({ env: { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor' }, wholeMessages: true });
  const browser = await openPage(app, { args: mic.args });
  const { page } = browser;
  await page.addInitScript(watchPlayback);
  await asProfile(page, 'Lucía', 'es');
  await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
  await page.getByRole('log', { name: 'Conversation' }).getByRole('article', { name: 'Partner said' }).first().waitFor();
  return { ai, app, browser, page, close: async () => { await browser.close(); await app.stop(); await ai.close(); } };
}

after(() => rmSync(dir, { recursive: true, force: true }));

describe('hands-free with an AI partner', () => {
  const mic = micArgs('order', [{ say: 'Quisiera un café con leche, por favor.' }, { silence: 4 }]);
  let s;
  before(async () => {
    s = await open(mic, ['¡Bienvenida al café!']);
  });
  after(() => s?.close());

  test('after turning it on, with no click: transcription, then the chat request, then speech of the first sentence', async () => {
    const { ai, app, page } = s;
    ai.transcribe({ text: 'Quisiera un café con leche, por favor.' });
    // The reply streams slowly: its first sentence must be spoken before its end arrives.
    ai.behave({ chunks: ['¡Hola, Lucía! ', 'Un café con leche, ', 'muy bien. ', '¿Algo más?'], delayMs: 400 });
    const chats = ai.requests.length;
    const spoken = ai.speech.length;
    // Lucía is a beginner: her turns end on a 2-second pause unless she chooses otherwise.
    await page.getByRole('combobox', { name: 'Pause that ends your turn' }).and(page.locator(':enabled')).waitFor();
    assert.equal(await page.getByRole('combobox', { name: 'Pause that ends your turn' }).inputValue(), '2000');
    // The detector is loaded now, from the page's own build, as WebAssembly.
    const wasm = page.waitForResponse((r) => /\/assets\/fvad-.*\.wasm$/.test(r.url()));
    await page.getByRole('checkbox', { name: 'Talk hands-free' }).check();
    await page.getByRole('status').filter({ hasText: 'Listening' }).waitFor();
    assert.equal((await wasm).headers()['content-type'], 'application/wasm');

    await until('a transcription', () => ai.transcriptions.length > 0);
    const heard = ai.transcriptions[0];
    assert.equal(heard.language, 'es');
    assert.deepEqual([heard.wav.sampleRate, heard.wav.channels], [16000, 1]);
    // The whole sentence and not much of the silence after it.
    assert.ok(heard.wav.seconds > mic.seconds[0] - 0.3 && heard.wav.seconds < mic.seconds[0] + 1.2, `turn of ${heard.wav.seconds} s`);

    await until('the chat request', () => ai.requests.length > chats);
    const chat = ai.requests[chats];
    assert.equal(chat.messages.at(-1).content, 'Quisiera un café con leche, por favor.');
    assert.ok(chat.at >= heard.at, 'the chat request came before the transcription');

    await until('speech of the first sentence', () => ai.speech.length > spoken);
    const first = ai.speech[spoken];
    assert.equal(first.input, '¡Hola, Lucía!');
    assert.ok(first.at >= chat.at, 'speech was asked for before the chat request');
    assert.ok(chat.finishedAt === 0 || first.at < chat.finishedAt, 'the first sentence was spoken only after the whole reply');
    await page.waitForFunction(() => window.kaiwaPlayed.some((e) => e.playing));

    // The rest follows in order; everything is in SQLite.
    await until('the rest of the reply spoken', () => ai.speech.length >= spoken + 3);
    assert.deepEqual(ai.speech.slice(spoken, spoken + 3).map((x) => x.input), ['¡Hola, Lucía!', 'Un café con leche, muy bien.', '¿Algo más?']);
    await page.getByRole('article', { name: 'You said' }).getByText('Quisiera un café con leche, por favor.').first().waitFor();
    const reply = "SELECT status || '|' || content FROM messages WHERE role = 'assistant' AND created_at > (SELECT min(created_at) FROM messages WHERE role = 'user') ORDER BY created_at LIMIT 1";
    await until('the reply in SQLite', () => sql(app, reply) !== '');
    assert.equal(sql(app, reply), 'complete|¡Hola, Lucía! Un café con leche, muy bien. ¿Algo más?');
    assert.match(sql(app, "SELECT content || '|' || ifnull(audio_ref, '') FROM messages WHERE role = 'user' ORDER BY created_at LIMIT 1"),
      /^Quisiera un café con leche, por favor\.\|audio\/recordings\/.+\.wav$/);
    await page.screenshot({ path: '../build/test-results/handsfree.png' });
  });

  test("listening practice: the partner's text waits for a tap; both settings are remembered", async () => {
    const { page } = s;
    await page.getByRole('checkbox', { name: "Listen first (hide the partner's text until tapped)" }).check();
    const line = page.getByRole('article', { name: 'Partner said' }).first();
    await line.getByRole('button', { name: 'Show the text of this line' }).waitFor();
    assert.equal(await line.getByText('¡Bienvenida al café!').count(), 0, 'the text is shown before a tap');
    // Its audio is still there to listen again.
    await line.getByRole('button', { name: 'Play this line', exact: true }).waitFor();
    await line.getByRole('button', { name: 'Show the text of this line' }).click();
    await line.getByText('¡Bienvenida al café!').waitFor();

    await page.reload();
    await page.waitForFunction(() => window.go?.api?.App, null, { timeout: 10_000 });
    await page.getByRole('button', { name: /^Open Ordering at a café/ }).first().click();
    await page.getByRole('article', { name: 'Partner said' }).first().waitFor();
    // Hands-free is back on by itself, listening, and the text waits for a tap again.
    await page.getByRole('status').filter({ hasText: 'Listening' }).waitFor();
    assert.ok(await page.getByRole('checkbox', { name: 'Talk hands-free' }).isChecked());
    assert.ok(await page.getByRole('checkbox', { name: "Listen first (hide the partner's text until tapped)" }).isChecked());
    await page.getByRole('button', { name: 'Show the text of this line' }).first().waitFor();
    await page.getByRole('checkbox', { name: "Listen first (hide the partner's text until tapped)" }).uncheck();
    await page.getByRole('article', { name: 'Partner said' }).first().getByText('¡Bienvenida al café!').waitFor();
  });

  test('barge-in: speaking while the partner talks stops its audio', async () => {
    const { ai, page } = s;
    // A long spoken line: the next loop of the microphone comes while it plays.
    ai.speakFor(12);
    ai.behave({ chunks: ['Perfecto, ahora le traigo su café con leche y un croissant.'] });
    const lines = await page.evaluate(() => window.kaiwaPlayed.length);
    await page.waitForFunction((n) => window.kaiwaPlayed.slice(n).some((e) => e.playing), lines, { timeout: 30_000 });
    const heard = ai.transcriptions.length;
    await page.waitForFunction((n) => window.kaiwaPlayed.slice(n).some((e) => e.paused), lines, { timeout: 20_000 });
    const line = await page.evaluate((n) => window.kaiwaPlayed.slice(n).find((e) => e.paused), lines);
    assert.ok(line.paused - line.playing < 11_000, `the partner's line was not cut short (${line.paused - line.playing} ms)`);
    assert.ok(!line.ended, 'the line played to its end');
    const barge = await page.evaluate(() => performance.getEntriesByName('kaiwa:barge-in').length);
    assert.ok(barge > 0, 'no barge-in was marked');
    // The learner's turn goes on: it is written down.
    await until('the interrupting turn written down', () => ai.transcriptions.length > heard);
    ai.speakFor(0.6);
  });
});

describe('hands-free turn-taking', () => {
  test('a long pause inside a sentence is not cut with the beginner setting, and is with the normal one', async () => {
    const mic = micArgs('slow', [{ say: 'Quisiera un café' }, { silence: 1.6 }, { say: 'con leche, por favor.' }, { silence: 5 }]);
    const s = await open(mic, ['Muy bien.']);
    try {
      const { ai, page } = s;
      await page.getByRole('combobox', { name: 'Pause that ends your turn' }).selectOption({ label: 'Beginner: take your time (2 s)' });
      await page.getByRole('checkbox', { name: 'Talk hands-free' }).check();
      await until('a transcription', () => ai.transcriptions.length > 0);
      const whole = mic.seconds[0] + mic.seconds[1] + mic.seconds[2];
      const slow = ai.transcriptions[0].wav.seconds;
      assert.ok(slow > whole - 0.3, `the turn was cut: ${slow} s of ${whole} s`);

      // Normal (1.2 s): the same speech is two turns.
      await page.getByRole('checkbox', { name: 'Talk hands-free' }).uncheck();
      await page.getByRole('combobox', { name: 'Pause that ends your turn' }).selectOption({ label: 'Normal (1.2 s)' });
      const n = ai.transcriptions.length;
      await page.getByRole('checkbox', { name: 'Talk hands-free' }).check();
      await until('a transcription', () => ai.transcriptions.length > n);
      const quick = ai.transcriptions[n].wav.seconds;
      assert.ok(quick < mic.seconds[0] + 1.2, `the normal setting did not end the turn at the pause: ${quick} s`);
      console.log(`# turn lengths: beginner ${slow.toFixed(2)} s (speech ${whole.toFixed(2)} s with a 1.6 s pause), normal ${quick.toFixed(2)} s`);
    } finally {
      await s.close();
    }
  });

  test('latency from the end of speech to the partner\'s first sound (median of 10), and the detector\'s CPU', async () => {
    const mic = micArgs('hola', [{ say: 'Hola, buenos días.' }, { silence: 3 }]);
    const s = await open(mic, ['Hola.']);
    try {
      const { ai, page } = s;
      ai.speakFor(0.3);
      // A new reply each turn: no sentence comes from the speech cache.
      ai.behave({ chunks: (n) => [`¡Buenos días, número ${n}! `, '¿Qué tal?'] });
      // The page's main-thread time while hands-free listens (Chromium's own count).
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      const busy = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
      await page.getByRole('checkbox', { name: 'Talk hands-free' }).check();
      const m0 = await busy();
      await page.waitForFunction(() => performance.getEntriesByName('kaiwa:turn-end').length >= 11, null, { timeout: 120_000 });
      const m1 = await busy();
      const figures = await page.evaluate(() => {
        const ends = performance.getEntriesByName('kaiwa:turn-end').map((e) => e.startTime);
        const sounds = window.kaiwaPlayed.filter((e) => e.playing).map((e) => e.playing);
        return ends.slice(0, 10).map((t) => (sounds.find((p) => p > t) ?? NaN) - t);
      });
      const sorted = figures.filter(Number.isFinite).sort((a, b) => a - b);
      assert.ok(sorted.length >= 8, `the partner answered ${sorted.length} turns of 10: ${figures}`);
      const median = sorted[Math.floor(sorted.length / 2)];
      await page.getByRole('checkbox', { name: 'Talk hands-free' }).uncheck();
      await page.waitForFunction(() => performance.getEntriesByName('kaiwa:vad-busy').length > 0);
      const cpu = await page.evaluate(() => performance.getEntriesByName('kaiwa:vad-busy').at(-1).detail);
      console.log(`# end of speech → first partner sound on the fake endpoint: median ${median.toFixed(0)} ms over ${sorted.length} turns (${sorted.map((x) => x.toFixed(0)).join(', ')})`);
      console.log(`# voice detector: ${cpu.busyMs.toFixed(0)} ms of work for ${(cpu.listenedMs / 1000).toFixed(1)} s listened = ${((100 * cpu.busyMs) / cpu.listenedMs).toFixed(2)} % of one core`);
      const share = (m1.TaskDuration - m0.TaskDuration) / (m1.Timestamp - m0.Timestamp);
      console.log(`# the page's main thread while hands-free (capture, detector, 10 turns and their replies drawn): ${(100 * share).toFixed(1)} % of one core`);
      assert.ok(cpu.listenedMs > 20_000, `listened ${cpu.listenedMs} ms`);
    } finally {
      await s.close();
    }
  });
});
