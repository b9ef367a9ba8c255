// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { listenForReply, type ReplyUpdate } from './reply';
import type { ReplyEvent } from './events';

// The Wails runtime the bindings call, standing in for the real bridge.
const handlers = new Map<string, (e: ReplyEvent) => void>();
(window as any).runtime = {
  EventsOnMultiple: (name: string, cb: (e: ReplyEvent) => void) => handlers.set(name, cb),
  EventsOff: (name: string) => handlers.delete(name),
};

const piece = (offset: number, delta: string, done = false): ReplyEvent =>
  ({ conversationId: 'c', messageId: 'm', offset, delta, done, stopped: false }) as ReplyEvent;

describe('listenForReply', () => {
  it('puts the pieces of a reply together, ignoring repeats and anything after the end', () => {
    const seen: string[] = [];
    const { name, close } = listenForReply((u: ReplyUpdate) => seen.push(u.text + (u.event.done ? ' ✓' : '')));
    const emit = handlers.get(name)!;
    emit(piece(0, '¿De qué'));
    emit(piece(7, ' quieres'));
    emit(piece(0, '¿De')); // late, already shown: no change
    emit(piece(15, ' hablar?', true));
    emit(piece(15, ' más')); // after the end: ignored
    expect(seen).toEqual(['¿De qué', '¿De qué quieres', '¿De qué quieres', '¿De qué quieres hablar? ✓']);
    close();
    expect(handlers.has(name)).toBe(false);
  });

  it('takes the stored message as the final text when a piece went missing', () => {
    let last = '';
    const { name, close } = listenForReply((u) => (last = u.text));
    const emit = handlers.get(name)!;
    emit(piece(0, 'Hola'));
    emit(piece(10, 'lost the middle')); // a gap: not shown
    expect(last).toBe('Hola');
    emit({ ...piece(25, '', true), message: { content: 'Hola, ¿qué tal? lost the middle' } as ReplyEvent['message'] });
    expect(last).toBe('Hola, ¿qué tal? lost the middle');
    close();
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
