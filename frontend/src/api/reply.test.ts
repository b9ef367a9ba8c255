// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { listenForReply, type Chunk } from './index';

// The Wails runtime the bindings call, standing in for the real bridge.
const handlers = new Map<string, (c: Chunk) => void>();
(window as any).runtime = {
  EventsOnMultiple: (name: string, cb: (c: Chunk) => void) => handlers.set(name, cb),
  EventsOff: (name: string) => handlers.delete(name),
};

const chunk = (text: string, done = false) => ({ text, done }) as Chunk;

describe('listenForReply', () => {
  it('keeps the order of the words even when events arrive out of order', () => {
    const seen: string[] = [];
    const { name, close } = listenForReply((c) => seen.push(c.text + (c.done ? ' ✓' : '')));
    const emit = handlers.get(name)!;
    emit(chunk('¿De qué'));
    emit(chunk('¿De qué quieres'));
    emit(chunk('¿De')); // late, shorter: ignored
    emit(chunk('¿De qué quieres hablar?', true));
    emit(chunk('¿De qué quieres')); // after the end: ignored
    expect(seen).toEqual(['¿De qué', '¿De qué quieres', '¿De qué quieres hablar? ✓']);
    close();
    expect(handlers.has(name)).toBe(false);
  });

  it('gives every stream its own event name', () => {
    const a = listenForReply(() => {});
    const b = listenForReply(() => {});
    expect(a.name).not.toBe(b.name);
    expect(a.name.startsWith('reply:')).toBe(true);
    a.close();
    b.close();
  });
});
