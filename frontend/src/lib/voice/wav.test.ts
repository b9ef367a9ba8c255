import { describe, expect, it } from 'vitest';
import { downmix, encodeWav, level, resample, toBase64 } from './wav';

const sine = (freq: number, rate: number, seconds: number, amplitude = 1) =>
  Float32Array.from({ length: rate * seconds }, (_, i) => amplitude * Math.sin((2 * Math.PI * freq * i) / rate));

const zeroCrossings = (s: Float32Array) => {
  let n = 0;
  for (let i = 1; i < s.length; i++) if (s[i - 1] < 0 !== s[i] < 0) n++;
  return n;
};

describe('encodeWav', () => {
  it('writes a 44-byte PCM16 mono RIFF header', () => {
    const wav = encodeWav(new Float32Array(3), 16000);
    const view = new DataView(wav.buffer);
    const text = (at: number) => String.fromCharCode(...wav.subarray(at, at + 4));
    expect(wav.length).toBe(44 + 6);
    expect(text(0)).toBe('RIFF');
    expect(view.getUint32(4, true)).toBe(36 + 6);
    expect(text(8)).toBe('WAVE');
    expect(text(12)).toBe('fmt ');
    expect(view.getUint32(16, true)).toBe(16);
    expect(view.getUint16(20, true)).toBe(1); // PCM
    expect(view.getUint16(22, true)).toBe(1); // mono
    expect(view.getUint32(24, true)).toBe(16000);
    expect(view.getUint32(28, true)).toBe(32000); // byte rate
    expect(view.getUint16(32, true)).toBe(2); // block align
    expect(view.getUint16(34, true)).toBe(16);
    expect(text(36)).toBe('data');
    expect(view.getUint32(40, true)).toBe(6);
  });

  it('stores samples little endian and clips values outside [-1, 1]', () => {
    const wav = encodeWav(Float32Array.from([0, 1, -1, 2, -3, 0.5]), 8000);
    const view = new DataView(wav.buffer);
    const pcm = Array.from({ length: 6 }, (_, i) => view.getInt16(44 + i * 2, true));
    expect(pcm).toEqual([0, 32767, -32768, 32767, -32768, 16384]);
    expect([wav[46], wav[47]]).toEqual([0xff, 0x7f]);
  });
});

describe('resample', () => {
  it('turns 48 kHz into 16 kHz and keeps a tone at its frequency', () => {
    const input = sine(440, 48000, 1);
    const out = resample(input, 48000, 16000);
    expect(out.length).toBe(16000);
    // A 440 Hz tone crosses zero 880 times a second.
    expect(Math.abs(zeroCrossings(out) - 880)).toBeLessThanOrEqual(2);
    expect(level(out)).toBeCloseTo(Math.SQRT1_2, 1);
  });

  it('handles rates that do not divide evenly, both ways', () => {
    const down = resample(sine(300, 44100, 1), 44100, 16000);
    expect(down.length).toBe(16000);
    expect(Math.abs(zeroCrossings(down) - 600)).toBeLessThanOrEqual(2);
    const up = resample(sine(300, 8000, 1), 8000, 16000);
    expect(up.length).toBe(16000);
    expect(Math.abs(zeroCrossings(up) - 600)).toBeLessThanOrEqual(2);
  });

  it('copies when the rates match', () => {
    const input = Float32Array.from([0.1, 0.2]);
    const out = resample(input, 16000, 16000);
    expect(out).toEqual(input);
    expect(out).not.toBe(input);
  });
});

describe('downmix', () => {
  it('averages channels into one', () => {
    expect(downmix([Float32Array.from([1, 0, 0.5]), Float32Array.from([0, 0, -0.5])])).toEqual(
      Float32Array.from([0.5, 0, 0]),
    );
    expect(downmix([])).toEqual(new Float32Array(0));
  });
});

describe('level', () => {
  it('is 0 for silence and about 0.707 for a full-scale sine', () => {
    expect(level(new Float32Array(1000))).toBe(0);
    expect(level(new Float32Array(0))).toBe(0);
    expect(level(sine(440, 16000, 1))).toBeCloseTo(0.707, 3);
  });
});

describe('toBase64', () => {
  it('encodes small arrays like btoa', () => {
    expect(toBase64(Uint8Array.from([77, 97, 110]))).toBe('TWFu');
    expect(toBase64(Uint8Array.from([77, 97]))).toBe('TWE=');
    expect(toBase64(new Uint8Array(0))).toBe('');
  });

  it('encodes 1 MB without overflowing the stack', () => {
    const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 31) & 0xff);
    const encoded = toBase64(bytes);
    expect(encoded.length).toBe(4 * Math.ceil(bytes.length / 3));
    const decoded = Uint8Array.from(atob(encoded), (c) => c.charCodeAt(0));
    expect(decoded.length).toBe(bytes.length);
    // A plain loop: deep equality on a megabyte is too slow for a unit test.
    expect(decoded.findIndex((b, i) => b !== bytes[i])).toBe(-1);
  });
});
