// Speaks a reply sentence by sentence while it is still being written: each
// sentence's audio is asked for as soon as the sentence is complete (so the
// next one is ready when the current one ends), and they play in order.
// stop() silences it at once: the learner has started to speak (barge-in).

/** Makes a sentence ready to play; the function returned plays it to the end. */
export type Prepare = (sentence: string) => Promise<() => Promise<void>>;

export interface ReplyVoiceOptions {
  prepare: Prepare;
  /** Silences whatever is sounding now. */
  silence(): void;
  /** Kaiwa's own voice started or stopped (the listener raises its threshold). */
  onSpeaking(on: boolean): void;
  onError(err: unknown): void;
}

export interface ReplyVoice {
  say(sentence: string): void;
  stop(): void;
  readonly speaking: boolean;
}

export function createReplyVoice(o: ReplyVoiceOptions): ReplyVoice {
  let queue: Promise<() => Promise<void>>[] = [];
  let generation = 0;
  let running = false;

  async function run(mine: number) {
    running = true;
    o.onSpeaking(true);
    try {
      while (queue.length && mine === generation) {
        const next = queue.shift()!;
        try {
          const play = await next;
          if (mine !== generation) return;
          await play();
        } catch (err) {
          if (mine === generation) o.onError(err);
        }
      }
    } finally {
      if (mine === generation) {
        running = false;
        o.onSpeaking(false);
      }
    }
  }

  return {
    get speaking() {
      return running;
    },
    say(sentence) {
      const ready = o.prepare(sentence);
      ready.catch(() => {}); // reported when its turn to play comes
      queue.push(ready);
      if (!running) void run(generation);
    },
    stop() {
      generation++;
      queue = [];
      o.silence();
      if (running) {
        running = false;
        o.onSpeaking(false);
      }
    },
  };
}
