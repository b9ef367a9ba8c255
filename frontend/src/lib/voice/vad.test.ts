import { describe, expect, it } from 'vitest';
import factory from '@echogarden/fvad-wasm';
import { espeakSpeech } from './espeak';
import { packageFile } from './packageFile.test-helper.js';
import { createVad, FRAME_SAMPLES, type FvadModule } from './vad';
import { resample } from './wav';

// The real WebRTC detector (its wasm, in Node) on real speech from eSpeak NG.
const data = () => packageFile('@echogarden/espeak-ng-emscripten/espeak-ng.data');

function voicedShare(vad: ReturnType<typeof createVad>, samples: Float32Array) {
  let voiced = 0;
  let frames = 0;
  for (let i = 0; i + FRAME_SAMPLES <= samples.length; i += FRAME_SAMPLES, frames++) {
    if (vad.voiced(samples.subarray(i, i + FRAME_SAMPLES))) voiced++;
  }
  return voiced / frames;
}

describe('voice activity detector', () => {
  it('hears speech as voice, and silence and low hiss as none', async () => {
    const vad = createVad((await factory()) as FvadModule);
    expect(voicedShare(vad, new Float32Array(16000))).toBe(0);
    let seed = 1;
    const hiss = Float32Array.from({ length: 16000 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.002);
    expect(voicedShare(vad, hiss)).toBeLessThan(0.1);
    const said = await espeakSpeech('Quisiera un café con leche, por favor.', 'es', 1, data);
    expect(voicedShare(vad, resample(said.samples, said.sampleRate, 16000))).toBeGreaterThan(0.5);
    expect(vad.busyMs).toBeGreaterThan(0);
    vad.dispose();
  }, 30_000);
});
