// PCM helpers for the microphone path. MediaRecorder records nothing in the
// Linux webview, so we capture raw samples with Web Audio and build the WAV
// ourselves: 16 kHz mono 16-bit is what speech recognisers expect and keeps
// a minute of speech under 2 MB.

export const SPEECH_SAMPLE_RATE = 16000;

const HEADER_BYTES = 44;

/** Encodes mono samples in [-1, 1] as a 16-bit little-endian PCM WAV file. */
export function encodeWav(samples: Float32Array, sampleRate: number): Uint8Array {
  const dataBytes = samples.length * 2;
  const bytes = new Uint8Array(HEADER_BYTES + dataBytes);
  const view = new DataView(bytes.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) view.setUint8(offset + i, text.charCodeAt(i));
  };
  ascii(0, 'RIFF');
  view.setUint32(4, HEADER_BYTES - 8 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true); // fmt chunk size for plain PCM
  view.setUint16(20, 1, true); // format: PCM
  view.setUint16(22, 1, true); // channels
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * 2, true); // byte rate
  view.setUint16(32, 2, true); // block align
  view.setUint16(34, 16, true); // bits per sample
  ascii(36, 'data');
  view.setUint32(40, dataBytes, true);
  for (let i = 0; i < samples.length; i++) {
    view.setInt16(HEADER_BYTES + i * 2, toInt16(samples[i]), true);
  }
  return bytes;
}

// Loud input can overshoot [-1, 1]; clip rather than let it wrap around.
function toInt16(sample: number): number {
  const s = Math.max(-1, Math.min(1, sample || 0));
  return Math.round(s < 0 ? s * 0x8000 : s * 0x7fff);
}

/**
 * Converts between sample rates. Downsampling averages the input samples that
 * fall into each output sample (a box filter), which removes most of what
 * would alias into the speech band; upsampling interpolates linearly.
 */
export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input.slice();
  const step = fromRate / toRate;
  const out = new Float32Array(Math.floor(input.length / step));
  if (step > 1) {
    for (let i = 0; i < out.length; i++) {
      const start = Math.floor(i * step);
      const end = Math.max(start + 1, Math.min(input.length, Math.floor((i + 1) * step)));
      let sum = 0;
      for (let j = start; j < end; j++) sum += input[j];
      out[i] = sum / (end - start);
    }
  } else {
    for (let i = 0; i < out.length; i++) {
      const pos = i * step;
      const j = Math.floor(pos);
      const next = input[Math.min(j + 1, input.length - 1)];
      out[i] = input[j] + (next - input[j]) * (pos - j);
    }
  }
  return out;
}

/** Averages the channels into one; a stereo microphone becomes mono. */
export function downmix(channels: Float32Array[]): Float32Array {
  if (channels.length === 0) return new Float32Array(0);
  if (channels.length === 1) return channels[0].slice();
  const length = Math.min(...channels.map((c) => c.length));
  const out = new Float32Array(length);
  for (const channel of channels) {
    for (let i = 0; i < length; i++) out[i] += channel[i] / channels.length;
  }
  return out;
}

/** RMS of the samples, 0..1, for a level meter. */
export function level(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i] * samples[i];
  return Math.min(1, Math.sqrt(sum / samples.length));
}

// A multiple of 3 so each chunk encodes without padding and the pieces join
// into one valid string; small enough for String.fromCharCode's argument limit.
const BASE64_CHUNK = 3 * 8192;

/** Base64 of any size of byte array (a WAV going to the backend). */
export function toBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += BASE64_CHUNK) {
    parts.push(btoa(String.fromCharCode(...bytes.subarray(i, i + BASE64_CHUNK))));
  }
  return parts.join('');
}
