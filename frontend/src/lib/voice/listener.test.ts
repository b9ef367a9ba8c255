import { describe, expect, it } from 'vitest';
import { streamResampler } from './listener';
import { resample } from './wav';

const sine = (freq: number, rate: number, n: number) => Float32Array.from({ length: n }, (_, i) => Math.sin((2 * Math.PI * freq * i) / rate));

describe('streamResampler', () => {
  it('gives, buffer by buffer, what resample() gives for the whole', () => {
    const input = sine(300, 44100, 44100);
    const whole = resample(input, 44100, 16000);
    const step = streamResampler(44100, 16000);
    const parts: number[] = [];
    for (let i = 0; i < input.length; i += 2048) parts.push(...step(input.subarray(i, i + 2048)));
    expect(Math.abs(parts.length - whole.length)).toBeLessThanOrEqual(1);
    // The same tone: box edges may fall a sample apart, nothing more.
    const worst = parts.reduce((m, x, i) => Math.max(m, Math.abs(x - whole[i])), 0);
    expect(worst).toBeLessThan(0.05);
    let crossings = 0;
    for (let i = 1; i < parts.length; i++) if (parts[i - 1] < 0 !== parts[i] < 0) crossings++;
    expect(Math.abs(crossings - 600)).toBeLessThanOrEqual(2);
  });

  it('loses no sample between buffers at 48 kHz', () => {
    const step = streamResampler(48000, 16000);
    let n = 0;
    for (let i = 0; i < 100; i++) n += step(new Float32Array(2048)).length;
    expect(n).toBe(Math.floor((100 * 2048) / 3));
  });
});
