// A reply stream: Go sends each new piece of the partner's reply as an event
// (ReplyEvent in backend/api/events.go); this puts the pieces back together.
import { EventsOff, EventsOn } from './wailsjs/runtime/runtime';
import { EventCorrection, EventReply, type CorrectionEvent, type ReplyEvent } from './events';

/** What the page shows of a reply: the text so far, and the last event. */
export interface ReplyUpdate {
  event: ReplyEvent;
  text: string;
}

let streams = 0;

/**
 * Listens for one reply stream. The page names the stream before asking Go
 * for the reply, so not even the first words can be missed.
 */
export function listenForReply(onUpdate: (u: ReplyUpdate) => void): { name: string; close: () => void } {
  const name = `${EventReply}${Date.now().toString(36)}-${++streams}`;
  let text = '';
  let finished = false;
  EventsOn(name, (e: ReplyEvent) => {
    if (finished) return;
    finished = e.done;
    // A piece that starts past what arrived means one went missing: the
    // stored message at the end has the whole text anyway.
    if (e.offset <= text.length && e.offset + e.delta.length > text.length) {
      text = text.slice(0, e.offset) + e.delta;
    }
    if (e.done && e.message) text = e.message.content;
    onUpdate({ event: e, text });
  });
  return { name, close: () => EventsOff(name) };
}

/** Listens for the feedback on learner lines, which arrives after them. */
export function listenForCorrections(onCorrection: (e: CorrectionEvent) => void): () => void {
  EventsOn(EventCorrection, onCorrection);
  return () => EventsOff(EventCorrection);
}
