// Turn-taking for hands-free conversation, apart from the microphone and the
// detector so every edge can be tested with made-up frames: the detector
// says whether each short frame holds a voice, and this decides when the
// learner has started a turn and when a pause long enough has ended it.

export interface TurnOptions {
  /** Length of one frame, in ms (the detector works on 10, 20 or 30 ms). */
  frameMs: number;
  /** Silence that ends a turn. */
  pauseMs: number;
  /** Voice needed before a turn counts as begun (a cough or a click is shorter). */
  startMs?: number;
  /** Audio kept from before the start, so the first syllable is not clipped. */
  preRollMs?: number;
  /** A turn with less voice than this is thrown away. */
  minSpeechMs?: number;
  /** A turn this long ends whatever the learner does (the endpoint's upload limit). */
  maxMs?: number;
}

export type TurnEvent =
  | { type: 'start' }
  /** A turn ended: its audio (pre-roll included, the final silence mostly cut) and how much was voice. */
  | { type: 'end'; samples: Float32Array; speechMs: number; limited: boolean }
  | { type: 'discard' };

export interface TurnDetector {
  /** Feeds one frame and whether the detector heard a voice in it. */
  push(frame: Float32Array, voiced: boolean): TurnEvent | null;
  /** True between a 'start' and its 'end' or 'discard'. */
  readonly speaking: boolean;
  /** Changes the pause that ends a turn (a setting). */
  setPause(ms: number): void;
  /** Changes how much voice starts a turn: raised while Kaiwa's own audio plays. */
  setStart(ms: number): void;
  /** Forgets everything heard so far. */
  reset(): void;
}

// Silence kept at the end of a turn: speech recognisers like a short tail.
const TAIL_MS = 200;

export function createTurnDetector(o: TurnOptions): TurnDetector {
  let pauseFrames = frames(o.pauseMs);
  let startFrames = frames(o.startMs ?? 120);
  const preRoll = frames(o.preRollMs ?? 300);
  const minVoiced = frames(o.minSpeechMs ?? 250);
  const maxFrames = frames(o.maxMs ?? 55_000);
  const tail = frames(TAIL_MS);

  let before: Float32Array[] = []; // recent frames while quiet: the pre-roll
  let run = 0; // voiced frames in a row while quiet
  let turn: Float32Array[] | null = null;
  let voiced = 0; // voiced frames in the turn
  let silence = 0; // unvoiced frames in a row in the turn

  function frames(ms: number) {
    return Math.max(1, Math.round(ms / o.frameMs));
  }

  function finish(limited: boolean): TurnEvent {
    const kept = turn!.slice(0, turn!.length - Math.max(0, silence - tail));
    const speechMs = voiced * o.frameMs;
    const enough = voiced >= minVoiced;
    reset();
    if (!enough) return { type: 'discard' };
    return { type: 'end', samples: concat(kept), speechMs, limited };
  }

  function reset() {
    before = [];
    run = 0;
    turn = null;
    voiced = 0;
    silence = 0;
  }

  return {
    get speaking() {
      return turn !== null;
    },
    setPause(ms) {
      pauseFrames = frames(ms);
    },
    setStart(ms) {
      startFrames = frames(ms);
    },
    reset,
    push(frame, isVoice) {
      if (!turn) {
        before.push(frame);
        if (before.length > preRoll + startFrames) before.shift();
        run = isVoice ? run + 1 : 0;
        if (run < startFrames) return null;
        turn = before;
        before = [];
        voiced = run;
        silence = 0;
        return { type: 'start' };
      }
      turn.push(frame);
      if (isVoice) {
        voiced++;
        silence = 0;
      } else {
        silence++;
      }
      if (turn.length >= maxFrames) return finish(true);
      if (silence >= pauseFrames) return finish(false);
      return null;
    },
  };
}

function concat(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
