import { describe, expect, it } from 'vitest';
import { createTurnDetector, type TurnEvent } from './turns';

const FRAME = 30;
// A frame whose samples all equal its index, so a turn's audio tells which frames it kept.
const frame = (i: number) => new Float32Array(4).fill(i);

/** Feeds a script of 'v' (voice) and '.' (silence) frames; returns the events with their frame numbers. */
function run(script: string, opts: Partial<Parameters<typeof createTurnDetector>[0]> = {}) {
  const d = createTurnDetector({ frameMs: FRAME, pauseMs: 300, startMs: 90, preRollMs: 60, minSpeechMs: 150, ...opts });
  const events: { at: number; e: TurnEvent }[] = [];
  [...script].forEach((c, i) => {
    const e = d.push(frame(i), c === 'v');
    if (e) events.push({ at: i, e });
  });
  return { d, events };
}
const kept = (e: TurnEvent) => (e.type === 'end' ? [...new Set(e.samples)] : []);

describe('turn detector', () => {
  it('starts after startMs of voice and ends after pauseMs of silence', () => {
    const { events } = run('...vvvvvvvv..........');
    expect(events.map((x) => [x.at, x.e.type])).toEqual([[5, 'start'], [20, 'end']]);
    const end = events[1].e;
    // Two frames of pre-roll (60 ms), the voice, and 200 ms of the silence (7 frames rounded).
    expect(kept(end)[0]).toBe(1);
    expect(kept(end).at(-1)).toBe(17);
    expect(end.type === 'end' && end.speechMs).toBe(8 * FRAME);
  });

  it('keeps one turn across a pause shorter than pauseMs', () => {
    const { events } = run('vvvvv........vvvvv..........', { pauseMs: 300 });
    expect(events.map((x) => x.e.type)).toEqual(['start', 'end']);
    const { events: quick } = run('vvvvv........vvvvv..........', { pauseMs: 210 });
    expect(quick.map((x) => x.e.type)).toEqual(['start', 'end', 'start', 'end']);
  });

  it('throws away a cough: too little voice', () => {
    const { events } = run('vvvv..........');
    expect(events.map((x) => x.e.type)).toEqual(['start', 'discard']);
  });

  it('ignores clicks shorter than startMs, and a raised start needs more voice', () => {
    expect(run('vv.vv.vv.vv......').events).toEqual([]);
    const { d } = run('');
    d.setStart(300);
    const got = [...'vvvvvvvvv'].map((c, i) => d.push(frame(i), c === 'v')).filter(Boolean);
    expect(got).toEqual([]);
    expect(d.push(frame(9), true)).toEqual({ type: 'start' });
    expect(d.speaking).toBe(true);
  });

  it('ends a turn at maxMs, marked as limited', () => {
    const { events } = run('vvvvvvvvvvvvvvvvvvvv', { maxMs: 300 });
    // The learner goes on talking: the next turn begins.
    expect(events.map((x) => x.e.type).slice(0, 3)).toEqual(['start', 'end', 'start']);
    expect(events[1].e.type === 'end' && events[1].e.limited).toBe(true);
  });

  it('takes a new pause at once, and reset() forgets a turn in progress', () => {
    const d = createTurnDetector({ frameMs: FRAME, pauseMs: 3000, startMs: 30, minSpeechMs: 30 });
    d.push(frame(0), true);
    expect(d.speaking).toBe(true);
    d.setPause(60);
    d.push(frame(1), false);
    expect(d.push(frame(2), false)?.type).toBe('end');
    d.push(frame(3), true);
    d.reset();
    expect(d.speaking).toBe(false);
  });
});
