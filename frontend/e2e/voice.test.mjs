import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asProfile, openPage, startApp } from './harness.mjs';
import { describeWav, sineWav, startFakeAI } from './fake-ai.mjs';

// Chromium's fake microphone plays this file: a steady 330 Hz tone at 48 kHz.
const mic = mkdtempSync(join(tmpdir(), 'kaiwa-mic-'));
const micFile = join(mic, 'speech.wav');
writeFileSync(micFile, sineWav(10, 330, 48000, 0.4));
const chromiumVoice = [
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${micFile}`,
  '--autoplay-policy=no-user-gesture-required',
];

// Watches every line the page plays: its source and when it started sounding.
function watchPlayback() {
  window.kaiwaPlayed = [];
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function () {
    // The page unlocks audio with a tiny silent WAV on every click: not a line.
    if (this.src.length < 10_000) return play.call(this);
    const entry = { src: this.src.slice(0, 30), asked: performance.now(), playing: 0 };
    window.kaiwaPlayed.push(entry);
    this.addEventListener('playing', () => (entry.playing ||= performance.now()), { once: true });
    return play.call(this);
  };
}
const played = (page, prefix) => page.evaluate((p) => window.kaiwaPlayed.filter((e) => e.src.startsWith(p) && e.playing), prefix);
const sql = (app, q) => execFileSync('sqlite3', [join(app.dataDir, 'kaiwa.db'), q], { encoding: 'utf8' }).trim();

describe('voice with an AI partner', () => {
  let ai, app, browser, page;
  before(async () => {
    ai = await startFakeAI();
    ai.behave({ chunks: ['¡Hola! ', '¿Qué desea?'] });
    app = await startApp({ env: { KAIWA_AI_BASE_URL: ai.baseURL, KAIWA_AI_MODEL: 'fake-tutor' } });
    browser = await openPage(app, { args: chromiumVoice });
    page = browser.page;
    await page.addInitScript(watchPlayback);
    await asProfile(page, 'Lucía', 'es');
    await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
    await page.getByRole('log', { name: 'Conversation' }).getByRole('article', { name: 'Partner said' }).first().waitFor();
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
    await ai?.close();
    rmSync(mic, { recursive: true, force: true });
  });

  test('a partner line plays in the chosen voice, made once by the endpoint, then from the cache', async () => {
    const line = page.getByRole('article', { name: 'Partner said' }).first();
    await line.getByRole('button', { name: 'Play this line', exact: true }).click();
    await page.waitForFunction(() => window.kaiwaPlayed.some((e) => e.src.startsWith('data:audio/wav') && e.playing));
    assert.equal(ai.speech.length, 1);
    assert.deepEqual({ ...ai.speech[0], authorization: undefined, at: undefined }, { model: 'tts-1', input: '¡Hola! ¿Qué desea?', voice: 'nova', response_format: 'mp3', speed: 1, authorization: undefined, at: undefined });
    await line.getByRole('button', { name: 'Play this line', exact: true }).waitFor();

    // Again, slowly: no new request, and it sounds within a few milliseconds of the click.
    const clicked = await page.evaluate(() => performance.now());
    await line.getByRole('button', { name: 'Play this line slowly' }).click();
    await page.waitForFunction((n) => window.kaiwaPlayed.filter((e) => e.src.startsWith('data:audio/wav') && e.playing).length >= n, 2);
    const [, cached] = await played(page, 'data:audio/wav');
    console.log(`# click to sound on a cached line: ${(cached.playing - clicked).toFixed(0)} ms (includes the test's own click)`);
    assert.equal(ai.speech.length, 1, 'a cached line was asked for again');
    const ref = sql(app, "SELECT audio_ref FROM messages WHERE role = 'assistant' LIMIT 1");
    assert.match(ref, /^audio\/speech\/[0-9a-f]{64}\.wav$/);
    assert.ok(existsSync(join(app.dataDir, ref)));
  });

  test('push-to-talk: the endpoint gets a 16 kHz mono WAV, its text lands in the box, and the recording stays with the message', async () => {
    const talk = page.getByRole('button', { name: 'Hold to talk' });
    await talk.hover();
    await page.mouse.down();
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: '../build/test-results/voice-recording.png' });
    await page.mouse.up();
    const box = page.getByRole('textbox', { name: 'Your message' });
    await page.waitForFunction(() => document.querySelector('textarea')?.value === 'Quisiera un café, por favor.');
    const took = await page.evaluate(() => performance.measure('ptt', 'kaiwa:speech-released', 'kaiwa:speech-in-box').duration);
    console.log(`# release to text in the box: ${took.toFixed(0)} ms`);
    const t = ai.transcriptions.at(-1);
    assert.equal(t.model, 'whisper-1');
    assert.equal(t.language, 'es');
    assert.deepEqual([t.wav.format, t.wav.channels, t.wav.sampleRate, t.wav.bits], [1, 1, 16000, 16]);
    assert.ok(t.wav.seconds > 1 && t.wav.seconds < 3, `recorded ${t.wav.seconds} s`);
    assert.ok(t.wav.rms > 0.05, `the recording is nearly silent: ${t.wav.rms}`);

    assert.equal(await box.inputValue(), 'Quisiera un café, por favor.');
    ai.behave({ chunks: ['Muy bien.'] });
    await page.getByRole('button', { name: 'Send' }).click();
    const mine = page.getByRole('article', { name: 'You said' }).last();
    await mine.getByText('Quisiera un café, por favor.').waitFor();
    const ref = sql(app, "SELECT audio_ref FROM messages WHERE role = 'user'");
    assert.match(ref, /^audio\/recordings\/[0-9a-f-]+\/[0-9a-f-]+\.wav$/);
    assert.ok(existsSync(join(app.dataDir, ref)));
    await mine.getByRole('button', { name: 'Play my recording' }).click();
    await page.waitForFunction(() => window.kaiwaPlayed.filter((e) => e.src.startsWith('data:audio/wav') && e.playing).length >= 3);
  });

  test('Esc cancels a recording; a failing transcription says so and keeps the draft', async () => {
    const talk = page.getByRole('button', { name: 'Hold to talk' });
    const box = page.getByRole('textbox', { name: 'Your message' });
    const before = ai.transcriptions.length;
    await talk.hover();
    await page.mouse.down();
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await page.waitForTimeout(500);
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    assert.equal(ai.transcriptions.length, before, 'a cancelled recording was sent');

    await box.fill('Y un croissant');
    ai.transcribe({ status: 404, error: 'Not found' });
    await talk.focus();
    await page.keyboard.down(' ');
    await page.getByRole('meter', { name: 'Microphone level' }).waitFor();
    await page.waitForTimeout(800);
    await page.keyboard.up(' ');
    await page.getByRole('alert').filter({ hasText: 'does not offer speech recognition' }).waitFor();
    assert.equal(await box.inputValue(), 'Y un croissant');
    ai.transcribe({ text: 'Quisiera un café, por favor.' });
  });

  test('with “read replies aloud”, a new reply plays by itself', async () => {
    await page.getByRole('button', { name: 'Back to home' }).click();
    await page.getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('checkbox', { name: "Read the partner's replies aloud" }).check();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).first().waitFor();
    await page.getByRole('button', { name: 'Back to home' }).click();
    ai.behave({ chunks: ['Buenos ', 'días.'] });
    const asked = ai.speech.length;
    const lines = await page.evaluate(() => window.kaiwaPlayed.length);
    await page.getByRole('button', { name: 'Start Greeting a neighbour' }).click();
    await page.getByRole('article', { name: 'Partner said' }).first().waitFor();
    // A new line played (the ones before are the earlier tests').
    await page.waitForFunction((n) => window.kaiwaPlayed.length > n, lines);
    assert.equal(ai.speech.length, asked + 1);
    assert.equal(ai.speech.at(-1).input, 'Buenos días.');
  });

  test('deleting a conversation deletes its messages, recordings and spoken lines', async () => {
    const refs = sql(app, "SELECT audio_ref FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.title = 'Ordering at a café' AND audio_ref IS NOT NULL").split('\n');
    assert.equal(refs.length, 2, `audio: ${refs}`);
    await page.getByRole('button', { name: 'Back to home' }).click();
    const recent = page.getByRole('list', { name: 'Recent conversations' });
    await recent.getByRole('button', { name: /^Delete Ordering at a café/ }).click();
    await recent.getByRole('group', { name: /^Delete Ordering at a café/ }).getByRole('button', { name: 'Delete' }).click();
    await recent.getByRole('button', { name: /^Open Ordering at a café/ }).waitFor({ state: 'detached' });
    for (const ref of refs) assert.ok(!existsSync(join(app.dataDir, ref)), `${ref} is still there`);
    assert.equal(sql(app, "SELECT count(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.deleted_at IS NOT NULL"), '0');
  });
});

describe('voice with the offline partner', () => {
  let app, browser;
  before(async () => {
    app = await startApp();
    browser = await openPage(app, { args: chromiumVoice });
    // Keeps the whole of each WAV the page plays, to measure it.
    await browser.page.addInitScript(() => {
      window.kaiwaWavs = [];
      const play = HTMLMediaElement.prototype.play;
      HTMLMediaElement.prototype.play = function () {
        if (this.src.length > 10_000 && this.src.startsWith('data:audio/wav')) {
          const entry = { src: this.src, playing: 0 };
          window.kaiwaWavs.push(entry);
          this.addEventListener('playing', () => (entry.playing ||= performance.now()), { once: true });
        }
        return play.call(this);
      };
    });
    await asProfile(browser.page, 'Lucía', 'es');
  });
  after(async () => {
    await browser?.close();
    await app?.stop();
  });

  // Chromium here has no speech-dispatcher, so no system voices at all (like
  // WebKitGTK, which has English only): eSpeak NG reads the lines. (The
  // offline partner has scripts in 9 languages; eSpeak NG's Arabic and the
  // others are heard in src/lib/voice/espeak.test.ts.)
  for (const [lang, name] of [['ja', 'Japanese'], ['zh', 'Chinese'], ['es', 'Spanish']]) {
    test(`with no system voice for ${name}, eSpeak NG reads the line aloud, loaded from the page's own build`, async () => {
      const { page } = browser;
      assert.equal(await page.evaluate(() => speechSynthesis.getVoices().length), 0);
      if (await page.getByRole('button', { name: 'Back to home' }).count()) await page.getByRole('button', { name: 'Back to home' }).click();
      await page.getByRole('combobox', { name: "I'm learning" }).selectOption(lang);
      await page.getByRole('button', { name: 'Start Ordering at a café' }).click();
      const line = page.getByRole('article', { name: 'Partner said' }).first();
      await line.waitFor();
      assert.equal(await page.getByRole('button', { name: 'Hold to talk' }).count(), 0, 'push-to-talk offered without transcription');
      // Hands-free needs transcription: the switch says so and points to what works.
      assert.ok(await page.getByRole('checkbox', { name: 'Talk hands-free' }).isDisabled());
      await page.getByText('Hands-free needs an AI partner that turns speech into text').waitFor();

      const before = await page.evaluate(() => window.kaiwaWavs.length);
      // The voice data is fetched once, for the first language heard.
      const engine = lang === 'ja' ? page.waitForResponse((r) => /espeak-voices-.*\.data$/.test(r.url())) : null;
      await line.getByRole('button', { name: 'Play this line', exact: true }).click();
      await page.waitForFunction((n) => window.kaiwaWavs.slice(n).some((e) => e.playing), before, { timeout: 30_000 });
      const wav = await page.evaluate((n) => window.kaiwaWavs[n].src, before);
      const info = describeWav(Buffer.from(wav.split(',')[1], 'base64'));
      assert.equal(info.sampleRate, 22050);
      assert.ok(info.seconds > 0.5, `${info.seconds} s of speech`);
      assert.ok(info.rms > 0.02, `the line is nearly silent (RMS ${info.rms})`);
      assert.equal(await page.getByRole('status').filter({ hasText: 'voice is installed' }).count(), 0);
      const data = await engine;
      if (data) assert.equal(data.status(), 200);
      if (data) console.log(`# eSpeak NG voice pack: ${(Number(data.headers()['content-length'] ?? 0) / 1e6).toFixed(1)} MB, first line heard ${lang}`);
    });
  }

  test('typing still works with the offline partner', async () => {
    const { page } = browser;
    await page.getByRole('textbox', { name: 'Your message' }).fill('Un café, por favor');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByRole('article', { name: 'You said' }).getByText('Un café, por favor').waitFor();
  });
});
