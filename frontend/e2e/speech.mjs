// Microphone files for Chromium's fake capture device, made at test time
// with Debian's espeak-ng (scripts/setup.sh installs it): sentences and
// silences joined into one 16-bit mono WAV. Chromium plays the file in a
// loop as the microphone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWav, wavOf } from './fake-ai.mjs';

const RATE = 22050; // espeak-ng's own rate

function said(text, voice) {
  const dir = mkdtempSync(join(tmpdir(), 'kaiwa-espeak-'));
  try {
    const file = join(dir, 'said.wav');
    execFileSync('espeak-ng', ['-v', voice, '-w', file, text]);
    const b = readFileSync(file);
    const data = b.indexOf('data') + 8;
    return b.subarray(data);
  } catch (err) {
    throw new Error(`espeak-ng could not say "${text}" (run scripts/setup.sh): ${err.message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A WAV of the parts in order: { say, voice } or { silence: seconds }. Also
 * returns how long each part lasts, in seconds.
 */
export function speechWav(parts) {
  const pcm = parts.map((p) => (p.say ? said(p.say, p.voice ?? 'es') : Buffer.alloc(2 * Math.round(p.silence * RATE))));
  const wav = wavOf(Buffer.concat(pcm), RATE);
  return { wav, seconds: pcm.map((b) => b.length / 2 / RATE), info: describeWav(wav) };
}
