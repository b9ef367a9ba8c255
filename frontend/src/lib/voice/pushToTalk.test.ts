import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOO_SHORT, createPushToTalk, type PttSnapshot, type Recorder } from './pushToTalk';

// A recorder whose start() settles when the test says so.
function fakeRecorder() {
  let settle = { resolve: () => {}, reject: (_err: unknown) => {} };
  const rec = {
    start: vi.fn(
      () =>
        new Promise<void>((resolve, reject) => {
          settle = { resolve, reject };
        }),
    ),
    stop: vi.fn(async () => new Float32Array(16000)),
    abort: vi.fn(),
    level: vi.fn(() => 0.25),
    opens: () => settle.resolve(),
    fails: (err: unknown) => settle.reject(err),
  };
  return rec satisfies Recorder;
}

function setup(options: { limitMs?: number } = {}) {
  const recorder = fakeRecorder();
  const onRecording = vi.fn();
  const ptt = createPushToTalk({ recorder, onRecording, ...options });
  const states: PttSnapshot[] = [];
  ptt.subscribe((s) => states.push(s));
  const last = () => states[states.length - 1];
  return { recorder, onRecording, ptt, states, last };
}

// Lets promise callbacks run, and moves fake time on.
const wait = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('push-to-talk', () => {
  it('records between press and release and produces one recording', async () => {
    const { recorder, onRecording, ptt, states, last } = setup();
    expect(last().state).toBe('idle');
    ptt.press();
    expect(last().state).toBe('starting');
    recorder.opens();
    await wait();
    expect(last().state).toBe('recording');
    await wait(1000);
    expect(last()).toMatchObject({ state: 'recording', elapsedMs: 1000, level: 0.25 });
    ptt.release();
    expect(last().state).toBe('stopping');
    await wait();
    expect(last()).toMatchObject({ state: 'idle', message: '' });
    expect(recorder.stop).toHaveBeenCalledTimes(1);
    expect(onRecording).toHaveBeenCalledTimes(1);
    expect(onRecording).toHaveBeenCalledWith(expect.any(Float32Array), { durationMs: 1000, limited: false });
    expect(states.map((s) => s.state).filter((s, i, a) => s !== a[i - 1])).toEqual([
      'idle',
      'starting',
      'recording',
      'stopping',
      'idle',
    ]);
  });

  it('throws the recording away on cancel', async () => {
    const { recorder, onRecording, ptt, last } = setup();
    ptt.press();
    recorder.opens();
    await wait(2000);
    ptt.cancel();
    ptt.release();
    await wait(100);
    expect(recorder.abort).toHaveBeenCalledTimes(1);
    expect(recorder.stop).not.toHaveBeenCalled();
    expect(onRecording).not.toHaveBeenCalled();
    expect(last()).toMatchObject({ state: 'idle', message: '' });
  });

  it('throws it away when cancelled while the microphone is still opening', async () => {
    const { recorder, onRecording, ptt, last } = setup();
    ptt.press();
    ptt.cancel();
    recorder.opens();
    await wait(1000);
    expect(recorder.abort).toHaveBeenCalledTimes(1);
    expect(onRecording).not.toHaveBeenCalled();
    expect(last().state).toBe('idle');
  });

  it('stops at the time limit as if released, says so, and ignores the key still held', async () => {
    const { recorder, onRecording, ptt, last } = setup({ limitMs: 5000 });
    ptt.press();
    recorder.opens();
    await wait(5000);
    expect(onRecording).toHaveBeenCalledWith(expect.any(Float32Array), { durationMs: 5000, limited: true });
    expect(last()).toMatchObject({ state: 'idle', message: 'Recording stopped at the 5-second limit.' });
    ptt.press(); // auto-repeat of the key still down
    expect(recorder.start).toHaveBeenCalledTimes(1);
    ptt.release();
    ptt.press();
    expect(recorder.start).toHaveBeenCalledTimes(2);
    expect(last().message).toBe('');
  });

  it('uses 60 seconds as the default limit', async () => {
    const { recorder, onRecording, ptt } = setup();
    ptt.press();
    recorder.opens();
    await wait(59_999);
    expect(onRecording).not.toHaveBeenCalled();
    await wait(1);
    expect(onRecording).toHaveBeenCalledTimes(1);
  });

  it('discards a press that is too short, with a hint', async () => {
    const { recorder, onRecording, ptt, last } = setup();
    ptt.press();
    recorder.opens();
    await wait(150);
    ptt.release();
    await wait();
    expect(onRecording).not.toHaveBeenCalled();
    expect(recorder.abort).toHaveBeenCalledTimes(1);
    expect(last()).toMatchObject({ state: 'idle', message: TOO_SHORT });
  });

  it('ignores auto-repeated presses while recording', async () => {
    const { recorder, onRecording, ptt, last } = setup();
    ptt.press();
    ptt.press();
    recorder.opens();
    await wait(500);
    ptt.press();
    ptt.press();
    expect(last().state).toBe('recording');
    ptt.release();
    await wait();
    expect(recorder.start).toHaveBeenCalledTimes(1);
    expect(onRecording).toHaveBeenCalledTimes(1);
  });

  it('closes the microphone as soon as it opens when released while starting', async () => {
    const { recorder, onRecording, ptt, last } = setup();
    ptt.press();
    await wait(800); // a slow permission prompt
    ptt.release();
    expect(last().state).toBe('starting');
    recorder.opens();
    await wait();
    // Nothing was heard while the microphone was opening.
    expect(recorder.abort).toHaveBeenCalledTimes(1);
    expect(onRecording).not.toHaveBeenCalled();
    expect(last()).toMatchObject({ state: 'idle', message: TOO_SHORT });
    await wait(60_000);
    expect(recorder.stop).not.toHaveBeenCalled();
  });

  it.each([
    ['NotAllowedError', 'Microphone permission was refused. Typing still works.'],
    ['NotFoundError', 'No microphone was found. Typing still works.'],
    ['NotReadableError', 'The microphone is busy or could not be opened. Typing still works.'],
  ])('ends in error with a clear message when start fails with %s', async (name, message) => {
    const { recorder, ptt, last } = setup();
    ptt.press();
    recorder.fails(new DOMException('denied', name));
    await wait();
    expect(last()).toMatchObject({ state: 'error', message });
    ptt.release();
    ptt.press(); // the learner may try again
    expect(last()).toMatchObject({ state: 'starting', message: '' });
  });

  it('explains an unknown start failure', async () => {
    const { recorder, ptt, last } = setup();
    ptt.press();
    recorder.fails(new Error('no AudioContext'));
    await wait();
    expect(last().message).toBe('The microphone could not be used (no AudioContext). Typing still works.');
  });

  it('stops telling subscribers once they unsubscribe or the page is left', async () => {
    const recorder = fakeRecorder();
    const ptt = createPushToTalk({ recorder, onRecording: vi.fn() });
    const seen = vi.fn();
    const unsubscribe = ptt.subscribe(seen);
    expect(seen).toHaveBeenCalledTimes(1); // the current state, at once
    unsubscribe();
    ptt.press();
    expect(seen).toHaveBeenCalledTimes(1);
    ptt.dispose();
    recorder.opens();
    await wait(1000);
    expect(recorder.abort).toHaveBeenCalled();
    expect(recorder.stop).not.toHaveBeenCalled();
  });
});
