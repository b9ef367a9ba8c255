// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Message } from '../api';
import MessageBubble from './MessageBubble.svelte';

// Tests resolve `svelte` to its server build, which cannot mount; take the
// browser build's functions from the same package. It has no declarations of
// its own, so it is typed as `svelte`.
// @ts-expect-error TS7016
const client: typeof import('svelte') = await import('../../node_modules/svelte/src/index-client.js');
const { flushSync, mount, unmount } = client;

// A renderer that fails on one message, as a bug or a bad reply might.
vi.mock('../lib/markdown', () => ({
  renderMarkdown: (text: string) => {
    if (text.includes('boom')) throw new RangeError('Maximum call stack size exceeded');
    return `<p>${text}</p>`;
  },
}));

const message = (id: string, content: string) =>
  ({ id, role: 'assistant', content, status: 'complete', createdAt: '2025-01-01T00:00:00Z' }) as Message;

describe('MessageBubble', () => {
  const mounted: ReturnType<typeof mount>[] = [];
  afterEach(() => {
    mounted.splice(0).forEach((c) => unmount(c));
    document.body.innerHTML = '';
  });

  it('shows a message it cannot draw as plain text, and the others as usual', () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const m of [message('1', 'Hola'), message('2', 'boom\n<b>x</b>'), message('3', 'Adiós')]) {
      mounted.push(mount(MessageBubble, { target: document.body, props: { message: m, lang: 'es' } }));
    }
    flushSync();
    const bubbles = [...document.querySelectorAll('article')];
    expect(bubbles.map((b) => b.getAttribute('aria-label'))).toEqual(['Partner said', 'Partner said', 'Partner said']);
    expect(bubbles[0].querySelector('.text')?.innerHTML).toBe('<p>Hola</p>');
    expect(bubbles[1].querySelector('p.text')?.textContent).toBe('boom\n<b>x</b>');
    expect(bubbles[1].querySelector('b')).toBeNull();
    expect(bubbles[2].querySelector('.text')?.innerHTML).toBe('<p>Adiós</p>');
    expect(errors).toHaveBeenCalledOnce();
  });
});
