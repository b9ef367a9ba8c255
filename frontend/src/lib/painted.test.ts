import { afterEach, describe, expect, it, vi } from 'vitest';

describe('markFirstScreen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    performance.clearMarks();
  });

  it('marks once, after the next frame, and reports the mark on the wall clock', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    const { markFirstScreen, FIRST_SCREEN_PAINTED } = await import('./painted');
    const reported: number[] = [];
    markFirstScreen((ms) => reported.push(ms));
    markFirstScreen((ms) => reported.push(ms)); // a second screen is not the first

    expect(frames).toHaveLength(1);
    expect(performance.getEntriesByName(FIRST_SCREEN_PAINTED)).toHaveLength(0); // not before the frame
    frames[0](0);
    await new Promise((r) => setTimeout(r, 0));

    const marks = performance.getEntriesByName(FIRST_SCREEN_PAINTED);
    expect(marks).toHaveLength(1);
    expect(reported).toEqual([Math.round(performance.timeOrigin + marks[0].startTime)]);
    expect(Math.abs(reported[0] - Date.now())).toBeLessThan(5_000);
  });

  it('a failed report is not an error on the page', async () => {
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => f(0));
    const { markFirstScreen } = await import('./painted');
    const failed = vi.fn(() => Promise.reject(new Error('bridge gone')));
    markFirstScreen(failed);
    await new Promise((r) => setTimeout(r, 0));
    expect(failed).toHaveBeenCalledOnce();
  });
});
