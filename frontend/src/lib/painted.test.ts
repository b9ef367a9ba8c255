import { afterEach, describe, expect, it, vi } from 'vitest';

// A picture still loading: `finish('load')` or `finish('error')` ends it.
function picture() {
  const listeners: Record<string, () => void> = {};
  return {
    complete: false,
    addEventListener: (type: string, f: () => void) => (listeners[type] = f),
    finish: (type: 'load' | 'error') => listeners[type](),
  };
}

// A page whose fonts are ready when `fonts` resolves.
function stubPage(fonts: Promise<unknown> = Promise.resolve(), images: object[] = []) {
  vi.stubGlobal('document', { body: { offsetHeight: 0 }, fonts: { ready: fonts }, images });
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('markFirstScreen', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    performance.clearMarks();
  });

  it('marks once, after the next frame, and reports the mark on the wall clock', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    stubPage();
    const { markFirstScreen, FIRST_SCREEN_PAINTED } = await import('./painted');
    const reported: number[] = [];
    void markFirstScreen((ms) => reported.push(ms));
    void markFirstScreen((ms) => reported.push(ms)); // a second screen is not the first
    await settle();

    expect(frames).toHaveLength(1);
    expect(performance.getEntriesByName(FIRST_SCREEN_PAINTED)).toHaveLength(0); // not before the frame
    frames[0](0);
    await new Promise((r) => setTimeout(r, 0));

    const marks = performance.getEntriesByName(FIRST_SCREEN_PAINTED);
    expect(marks).toHaveLength(1);
    expect(reported).toEqual([Math.round(performance.timeOrigin + marks[0].startTime)]);
    expect(Math.abs(reported[0] - Date.now())).toBeLessThan(5_000);
  });

  it('waits for the fonts: names drawn in a font still loading are not on the glass', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    let loaded = () => {};
    stubPage(new Promise<void>((r) => (loaded = r)));
    const { markFirstScreen } = await import('./painted');
    void markFirstScreen(() => {});
    await settle();
    expect(frames).toHaveLength(0);
    loaded();
    await settle();
    expect(frames).toHaveLength(1);
  });

  it('waits for the pictures to load or fail', async () => {
    const frames: FrameRequestCallback[] = [];
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
    const [flag, broken] = [picture(), picture()];
    stubPage(Promise.resolve(), [flag, broken, { complete: true }]);
    const { markFirstScreen } = await import('./painted');
    void markFirstScreen(() => {});
    await settle();
    flag.finish('load');
    await settle();
    expect(frames).toHaveLength(0);
    broken.finish('error');
    await settle();
    expect(frames).toHaveLength(1);
  });

  it('a failed report is not an error on the page', async () => {
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => f(0));
    stubPage();
    const { markFirstScreen } = await import('./painted');
    const failed = vi.fn(() => Promise.reject(new Error('bridge gone')));
    await markFirstScreen(failed);
    await settle();
    expect(failed).toHaveBeenCalledOnce();
  });
});
