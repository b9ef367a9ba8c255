// Hands-free listening: the open microphone, cut into 30 ms frames at
// 16 kHz, through the voice detector into the turn-taking rules. It says
// when the learner starts speaking (to stop the partner: barge-in) and hands
// over each finished turn.

import { openMicrophone } from './recorder';
import { createTurnDetector, type TurnEvent } from './turns';
import { FRAME_MS, FRAME_SAMPLES, loadVad, VAD_RATE } from './vad';
import { level } from './wav';

export interface ListenerOptions {
  pauseMs: number;
  /** The learner began to speak. */
  onSpeech(): void;
  /** A turn ended: 16 kHz mono samples. */
  onTurn(samples: Float32Array, speechMs: number): void;
  /** Level of the latest audio, 0..1, for a meter. */
  onLevel?(level: number): void;
}

export interface Listener {
  setPause(ms: number): void;
  /**
   * While Kaiwa's own audio plays, echo cancellation removes most of it from
   * the microphone; a turn then also needs more voice to begin, so what is
   * left of the echo does not cut the partner off.
   */
  setPartnerSpeaking(on: boolean): void;
  /** Time listened and time the detector took, for the CPU figure. */
  stats(): { listenedMs: number; busyMs: number };
  stop(): void;
}

const START_MS = 120;
const START_MS_OVER_PARTNER = 300;

export async function startListening(o: ListenerOptions): Promise<Listener> {
  const vad = await loadVad();
  const turns = createTurnDetector({ frameMs: FRAME_MS, pauseMs: o.pauseMs, startMs: START_MS });
  let frame = new Float32Array(FRAME_SAMPLES);
  let filled = 0;
  let frames = 0;
  let resample: (chunk: Float32Array) => Float32Array = (c) => c;

  const handle = (e: TurnEvent | null) => {
    if (e?.type === 'start') o.onSpeech();
    else if (e?.type === 'end') o.onTurn(e.samples, e.speechMs);
  };

  let mic;
  try {
    mic = await openMicrophone((chunk) => {
      o.onLevel?.(level(chunk));
      const pcm = resample(chunk);
      for (let i = 0; i < pcm.length; i++) {
        frame[filled++] = pcm[i];
        if (filled === FRAME_SAMPLES) {
          handle(turns.push(frame, vad.voiced(frame)));
          frames++;
          frame = new Float32Array(FRAME_SAMPLES);
          filled = 0;
        }
      }
    });
  } catch (err) {
    vad.dispose();
    throw err;
  }
  resample = streamResampler(mic.sampleRate, VAD_RATE);
  const opened = mic;
  return {
    setPause: (ms) => turns.setPause(ms),
    setPartnerSpeaking: (on) => turns.setStart(on ? START_MS_OVER_PARTNER : START_MS),
    stats: () => ({ listenedMs: frames * FRAME_MS, busyMs: vad.busyMs }),
    stop() {
      opened.close();
      turns.reset();
      vad.dispose();
    },
  };
}

/**
 * Converts a stream of buffers between sample rates, carrying the remainder
 * from one buffer to the next so no sample is lost between them. Like
 * wav.ts's resample(): a box filter going down, the nearest sample going up.
 */
export function streamResampler(from: number, to: number): (chunk: Float32Array) => Float32Array {
  if (from === to) return (c) => c;
  const step = from / to;
  let carry = new Float32Array(0);
  let pos = 0; // where the next output sample starts, in carry + chunk
  return (chunk) => {
    const input = new Float32Array(carry.length + chunk.length);
    input.set(carry);
    input.set(chunk, carry.length);
    const out = new Float32Array(Math.max(0, Math.floor((input.length - pos) / step)));
    let n = 0;
    for (; n < out.length; n++) {
      const start = Math.floor(pos);
      const end = Math.max(start + 1, Math.floor(pos + step));
      if (end > input.length) break;
      let sum = 0;
      for (let j = start; j < end; j++) sum += input[j];
      out[n] = sum / (end - start);
      pos += step;
    }
    const keep = Math.floor(pos);
    carry = input.slice(keep);
    pos -= keep;
    return out.subarray(0, n);
  };
}
