import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_SCREEN_ELEMENT, givenFirstScreen } from './firstScreen';

function stubPage(elements: Record<string, string>) {
  vi.stubGlobal('document', {
    getElementById: (id: string) => (id in elements ? { textContent: elements[id] } : null),
  });
}

describe('givenFirstScreen', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the data the page was served with', () => {
    const about = { version: 'v1', dataDir: '/d', logDir: '/d/logs', problem: '' };
    stubPage({ [FIRST_SCREEN_ELEMENT]: JSON.stringify({ about, languages: [{ code: 'ja' }] }) });
    expect(givenFirstScreen()).toMatchObject({ about, languages: [{ code: 'ja' }] });
  });

  it('is null when the page came without it (the page then asks Go)', () => {
    stubPage({});
    expect(givenFirstScreen()).toBeNull();
  });
});
