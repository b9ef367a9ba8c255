// Microphone files for Chromium's fake capture device, made at test time
// with Debian's espeak-ng (scripts/setup.sh installs it): sentences and
// silences joined into one 16-bit mono WAV. Chromium plays the file in a
// loop as the microphone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeWav } from './fake-ai.mjs';

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
  const data = Buffer.concat(pcm);
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(RATE, 24);
  h.writeUInt32LE(RATE * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(data.length, 40);
  const wav = Buffer.concat([h, data]);
  return { wav, seconds: pcm.map((b) => b.length / 2 / RATE), info: describeWav(wav) };
}
