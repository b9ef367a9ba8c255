import { afterEach, describe, expect, it, vi } from 'vitest';
// Run as the webview runs it: a plain script.
import firstPaint from '../../public/first-paint.js?raw';

// A picture still loading: `finish('load')` or `finish('error')` ends it.
function picture() {
  const listeners: Record<string, () => void> = {};
  return {
    complete: false,
    addEventListener: (type: string, f: () => void) => (listeners[type] = f),
    finish: (type: 'load' | 'error') => listeners[type](),
  };
}

// A font face of the page: one the screen uses is loading until `settle`.
function face(status: 'loading' | 'unloaded' = 'loading') {
  let settle = (_failed = false) => {};
  const loaded = new Promise((ok, fail) => (settle = (failed = false) => (failed ? fail(new Error('no font')) : ok(null))));
  return { status, loaded, settle };
}

// A page with these font faces and pictures, served with its first screen
// already drawn or not, after first-paint.js has run in it. Returns the
// frames requested so far.
function stubPage({ fonts = [] as object[], images = [] as object[], drawn = false } = {}) {
  const frames: FrameRequestCallback[] = [];
  vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => frames.push(f));
  vi.stubGlobal('window', globalThis);
  vi.stubGlobal('document', {
    body: { offsetHeight: 0 },
    fonts,
    images,
    getElementById: (id: string) => (id === 'app' ? { hasChildNodes: () => drawn } : null),
  });
  new Function(firstPaint)();
  return frames;
}
const settle = () => new Promise((r) => setTimeout(r, 0));
const marks = () => performance.getEntriesByName('first-screen-painted');

describe('first screen painted', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
    performance.clearMarks();
  });

  it('marks once, after the next frame, and reports the mark on the wall clock', async () => {
    const frames = stubPage();
    const { markFirstScreen } = await import('./painted');
    const reported: number[] = [];
    void markFirstScreen((ms) => reported.push(ms));
    void markFirstScreen((ms) => reported.push(ms)); // a second screen is not the first
    await settle();

    expect(frames).toHaveLength(1);
    expect(marks()).toHaveLength(0); // not before the frame
    frames[0](0);
    await settle();
    await settle();

    expect(marks()).toHaveLength(1);
    expect(reported).toEqual([Math.round(performance.timeOrigin + marks()[0].startTime)]);
    expect(Math.abs(reported[0] - Date.now())).toBeLessThan(5_000);
  });

  it('a screen served drawn is measured as the page is read, before the modules ask', async () => {
    const frames = stubPage({ drawn: true });
    await settle();
    expect(frames).toHaveLength(1); // already waiting for the frame
    frames[0](0);
    await settle();
    expect(marks()).toHaveLength(1);

    const { markFirstScreen } = await import('./painted');
    const reported: number[] = [];
    await markFirstScreen((ms) => reported.push(ms));
    expect(reported).toEqual([Math.round(performance.timeOrigin + marks()[0].startTime)]);
    expect(frames).toHaveLength(1);
    expect(marks()).toHaveLength(1);
  });

  it('a screen drawn by the modules is not measured before they ask', async () => {
    const frames = stubPage();
    await settle();
    expect(frames).toHaveLength(0);
  });

  it('waits for the fonts it uses: names drawn in a font still loading are not on the glass', async () => {
    const [names, failing, unused] = [face(), face(), face('unloaded')];
    const frames = stubPage({ fonts: [names, failing, unused] });
    const { markFirstScreen } = await import('./painted');
    void markFirstScreen(() => {});
    await settle();
    names.settle();
    await settle();
    expect(frames).toHaveLength(0);
    failing.settle(true); // the next font of its family draws those names
    await settle();
    expect(frames).toHaveLength(1);
  });

  it('waits for the pictures to load or fail', async () => {
    const [flag, broken] = [picture(), picture()];
    const frames = stubPage({ images: [flag, broken, { complete: true }] });
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
    stubPage();
    vi.stubGlobal('requestAnimationFrame', (f: FrameRequestCallback) => f(0));
    const { markFirstScreen } = await import('./painted');
    const failed = vi.fn(() => Promise.reject(new Error('bridge gone')));
    await markFirstScreen(failed);
    await settle();
    expect(failed).toHaveBeenCalledOnce();
  });
});
