// Push-to-talk as a small state machine, apart from Svelte and from Web Audio
// so every edge (auto-repeat, early release, Esc, the time limit) can be
// tested with fake timers. Its subscribe() follows the Svelte store contract,
// so a page can read it as $ptt.

export type PttState = 'idle' | 'starting' | 'recording' | 'stopping' | 'error';

export interface PttSnapshot {
  state: PttState;
  /** Time recorded so far, counted from when the microphone opened. */
  elapsedMs: number;
  /** RMS of the latest audio, 0..1, for a level meter. */
  level: number;
  /** A sentence for the learner, or '' when there is nothing to say. */
  message: string;
}

/** What push-to-talk needs from a microphone; see recorder.ts for the real one. */
export interface Recorder {
  start(): Promise<void>;
  /** Stops and returns 16 kHz mono samples. */
  stop(): Promise<Float32Array>;
  /** Stops and throws the audio away; safe to call at any time. */
  abort(): void;
  level(): number;
}

/** Timers, injected so tests can drive time. Each returns its own cancel. */
export interface Clock {
  now(): number;
  every(ms: number, fn: () => void): () => void;
  after(ms: number, fn: () => void): () => void;
}

export const realClock: Clock = {
  now: () => Date.now(),
  every(ms, fn) {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
  after(ms, fn) {
    const id = setTimeout(fn, ms);
    return () => clearTimeout(id);
  },
};

export interface RecordingInfo {
  durationMs: number;
  /** True when the time limit, not the learner, ended it. */
  limited: boolean;
}

export interface PushToTalkOptions {
  recorder: Recorder;
  onRecording: (samples: Float32Array, info: RecordingInfo) => void;
  clock?: Clock;
  limitMs?: number;
  minMs?: number;
  /** How often elapsedMs and level are refreshed while recording. */
  tickMs?: number;
}

export interface PushToTalk {
  subscribe(fn: (s: PttSnapshot) => void): () => void;
  /** Button or key down. Repeats while held are ignored. */
  press(): void;
  /** Button or key up: the recording is produced. */
  release(): void;
  /** Esc: the recording is thrown away. */
  cancel(): void;
  /** Leaving the page: closes the microphone and drops the subscribers. */
  dispose(): void;
}

export const TOO_SHORT = 'Hold the button while you speak.';

const limitMessage = (limitMs: number) =>
  `Recording stopped at the ${Math.round(limitMs / 1000)}-second limit.`;

/** Turns a failed getUserMedia (or a failed recording) into a sentence a learner can act on. */
export function micErrorMessage(err: unknown): string {
  const name = err instanceof Error || err instanceof DOMException ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'Microphone permission was refused. Typing still works.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found. Typing still works.';
    case 'NotReadableError':
      return 'The microphone is busy or could not be opened. Typing still works.';
    default: {
      const detail = err instanceof Error && err.message ? ` (${err.message})` : '';
      return `The microphone could not be used${detail}. Typing still works.`;
    }
  }
}

export function createPushToTalk(opts: PushToTalkOptions): PushToTalk {
  const { recorder, onRecording, clock = realClock, limitMs = 60_000, minMs = 300, tickMs = 100 } = opts;

  let snap: PttSnapshot = { state: 'idle', elapsedMs: 0, level: 0, message: '' };
  const subscribers = new Set<(s: PttSnapshot) => void>();
  // The button or key is down. A key's auto-repeat, or the key still held
  // after the limit stopped a recording, must not start another one.
  let held = false;
  // What the learner asked for while the microphone was still opening.
  let pending: 'release' | 'cancel' | null = null;
  let recordingSince = 0;
  let stopTimers = () => {};
  // Bumped by dispose() so a start or stop that settles afterwards is ignored.
  let generation = 0;

  function set(patch: Partial<PttSnapshot>) {
    snap = { ...snap, ...patch };
    for (const fn of subscribers) fn(snap);
  }

  function press() {
    if (held) return;
    held = true;
    if (snap.state !== 'idle' && snap.state !== 'error') return;
    const gen = generation;
    pending = null;
    set({ state: 'starting', elapsedMs: 0, level: 0, message: '' });
    recorder.start().then(
      () => started(gen),
      (err) => gen === generation && set({ state: 'error', message: micErrorMessage(err) }),
    );
  }

  function started(gen: number) {
    if (gen !== generation) return recorder.abort();
    if (pending === 'cancel') {
      recorder.abort();
      return set({ state: 'idle' });
    }
    recordingSince = clock.now();
    set({ state: 'recording' });
    const stopTick = clock.every(tickMs, () =>
      set({ elapsedMs: clock.now() - recordingSince, level: recorder.level() }),
    );
    const stopLimit = clock.after(limitMs, () => finish(true));
    stopTimers = () => {
      stopTick();
      stopLimit();
    };
    if (pending === 'release') finish(false);
  }

  // The length that counts is what was recorded, not how long the button was
  // down: released before the microphone opened means nothing was heard.
  function finish(limited: boolean) {
    stopTimers();
    const durationMs = clock.now() - recordingSince;
    if (durationMs < minMs) {
      recorder.abort();
      return set({ state: 'idle', elapsedMs: 0, level: 0, message: TOO_SHORT });
    }
    const gen = generation;
    pending = null;
    set({ state: 'stopping', elapsedMs: durationMs, level: 0 });
    recorder.stop().then(
      (samples) => {
        if (gen !== generation) return;
        if (pending === 'cancel') return set({ state: 'idle', message: '' });
        set({ state: 'idle', message: limited ? limitMessage(limitMs) : '' });
        onRecording(samples, { durationMs, limited });
      },
      (err) => gen === generation && set({ state: 'error', level: 0, message: micErrorMessage(err) }),
    );
  }

  function release() {
    held = false;
    if (snap.state === 'starting') pending ??= 'release';
    else if (snap.state === 'recording') finish(false);
  }

  function cancel() {
    if (snap.state === 'starting' || snap.state === 'stopping') pending = 'cancel';
    else if (snap.state === 'recording') {
      stopTimers();
      recorder.abort();
      set({ state: 'idle', elapsedMs: 0, level: 0, message: '' });
    }
  }

  function dispose() {
    generation++;
    stopTimers();
    recorder.abort();
    subscribers.clear();
  }

  function subscribe(fn: (s: PttSnapshot) => void) {
    subscribers.add(fn);
    fn(snap);
    return () => void subscribers.delete(fn);
  }

  return { subscribe, press, release, cancel, dispose };
}
