import { describe, expect, it, vi } from 'vitest';
import { createReplyVoice } from './replyVoice';

function deferred<T = undefined>() {
  let resolve!: (v?: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok as (v?: T) => void), (reject = fail)));
  return { promise, resolve, reject };
}
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('reply voice', () => {
  it('asks for every sentence at once and plays them one after another, in order', async () => {
    const ready = new Map<string, ReturnType<typeof deferred<() => Promise<void>>>>();
    const ends = new Map<string, ReturnType<typeof deferred<undefined>>>();
    const log: string[] = [];
    const speaking = vi.fn();
    const v = createReplyVoice({
      prepare: (s) => {
        log.push(`ask ${s}`);
        const d = deferred<() => Promise<void>>();
        ready.set(s, d);
        return d.promise;
      },
      silence: () => log.push('silence'),
      onSpeaking: speaking,
      onError: (e) => log.push(`error ${e}`),
    });
    const player = (s: string) => () => {
      log.push(`play ${s}`);
      const d = deferred<undefined>();
      ends.set(s, d);
      return d.promise;
    };
    v.say('one');
    v.say('two');
    expect(log).toEqual(['ask one', 'ask two']);
    expect(speaking).toHaveBeenLastCalledWith(true);
    ready.get('two')!.resolve(player('two')); // the second is ready first: it still waits its turn
    await tick();
    expect(log).toEqual(['ask one', 'ask two']);
    ready.get('one')!.resolve(player('one'));
    await tick();
    expect(log.at(-1)).toBe('play one');
    ends.get('one')!.resolve();
    await tick();
    expect(log.at(-1)).toBe('play two');
    expect(v.speaking).toBe(true);
    ends.get('two')!.resolve();
    await tick();
    expect(v.speaking).toBe(false);
    expect(speaking).toHaveBeenLastCalledWith(false);
  });

  it('stop() silences it and drops what was waiting (barge-in)', async () => {
    const log: string[] = [];
    const forever = new Promise<void>(() => {});
    const v = createReplyVoice({
      prepare: async (s) => () => {
        log.push(`play ${s}`);
        return forever;
      },
      silence: () => log.push('silence'),
      onSpeaking: (on) => log.push(on ? 'on' : 'off'),
      onError: () => {},
    });
    v.say('one');
    v.say('two');
    await tick();
    v.stop();
    await tick();
    expect(log).toEqual(['on', 'play one', 'silence', 'off']);
    expect(v.speaking).toBe(false);
    v.say('three');
    await tick();
    expect(log.slice(-2)).toEqual(['on', 'play three']);
  });

  it('reports a sentence that cannot be made and goes on with the next', async () => {
    const errors: unknown[] = [];
    const played: string[] = [];
    const v = createReplyVoice({
      prepare: async (s) => {
        if (s === 'bad') throw new Error('no speech');
        return async () => void played.push(s);
      },
      silence: () => {},
      onSpeaking: () => {},
      onError: (e) => errors.push(e),
    });
    v.say('bad');
    v.say('good');
    await tick();
    await tick();
    expect(played).toEqual(['good']);
    expect(String(errors[0])).toMatch(/no speech/);
  });
});
