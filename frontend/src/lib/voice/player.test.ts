import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { estimateSpeechMs, pickVoice, play, playbackMessage, safetyMs, speakWithOS, stop, unlock } from './player';

const voice = (lang: string, extra: { default?: boolean; localService?: boolean; name?: string } = {}) => ({
  lang,
  default: false,
  localService: false,
  name: lang,
  ...extra,
});

describe('pickVoice', () => {
  const installed = [
    voice('en-US', { default: true }),
    voice('es-ES'),
    voice('es_MX', { name: 'mexican' }),
    voice('ja-JP', { localService: true, name: 'local' }),
    voice('ja-JP', { name: 'online' }),
  ];

  it('finds none when no voice speaks the language', () => {
    expect(pickVoice(installed, 'fr')).toBeUndefined();
    expect(pickVoice([voice('en-GB')], 'es-ES')).toBeUndefined();
    expect(pickVoice([], 'en')).toBeUndefined();
  });

  it('matches on the language, whatever the region or separator', () => {
    expect(pickVoice(installed, 'es')?.lang).toMatch(/^es/);
    expect(pickVoice(installed, 'ES-mx')?.name).toBe('mexican');
    expect(pickVoice(installed, 'es-ES')?.lang).toBe('es-ES');
  });

  it('prefers the default voice, then one that runs offline', () => {
    expect(pickVoice([voice('en-GB'), voice('en-US', { default: true })], 'en')?.lang).toBe('en-US');
    expect(pickVoice(installed, 'ja')?.name).toBe('local');
  });
});

describe('estimateSpeechMs', () => {
  it('grows with the text and with a slower rate', () => {
    const short = estimateSpeechMs('Hola.');
    const long = estimateSpeechMs('Hola, ¿cómo estás? Hoy hace muy buen tiempo en Madrid.');
    expect(long).toBeGreaterThan(short);
    expect(long).toBeGreaterThan(4000); // 54 characters at no more than 13 a second
    expect(estimateSpeechMs('Hola, ¿cómo estás?', 0.75)).toBeGreaterThan(estimateSpeechMs('Hola, ¿cómo estás?'));
  });

  it('gives scripts without spaces more time per character', () => {
    expect(estimateSpeechMs('こんにちは')).toBeGreaterThan(estimateSpeechMs('hello'));
    expect(estimateSpeechMs('今日はいい天気ですね')).toBeGreaterThanOrEqual(2500);
  });

  it('leaves a second for the engine to begin', () => {
    expect(estimateSpeechMs('')).toBe(1000);
  });
});

describe('safetyMs', () => {
  it('is the duration at the playback rate plus 2 s', () => {
    expect(safetyMs(3)).toBe(5000);
    expect(safetyMs(3, 0.75)).toBe(6000);
  });
  it('falls back to two minutes when the duration is unknown', () => {
    expect(safetyMs(NaN)).toBe(120_000);
    expect(safetyMs(Infinity)).toBe(120_000);
  });
});

describe('playbackMessage', () => {
  it('tells a blocked autoplay from an unplayable file', () => {
    expect(playbackMessage('NotAllowedError')).toMatch(/click/i);
    expect(playbackMessage('NotSupportedError')).toMatch(/format/);
    expect(playbackMessage('')).toBe("This reply's audio could not be played.");
  });
});

// Just enough of an <audio> element for play(): events and a play() the test controls.
class FakeAudio extends EventTarget {
  static last: FakeAudio;
  src = '';
  duration = NaN;
  playbackRate = 1;
  defaultPlaybackRate = 1;
  error: { code: number } | null = null;
  paused = true;
  nextPlay: () => Promise<void> = async () => {};
  constructor() {
    super();
    FakeAudio.last = this;
  }
  play() {
    this.paused = false;
    return this.nextPlay();
  }
  pause() {
    this.paused = true;
  }
}

describe('play', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('Audio', FakeAudio);
  });
  afterEach(() => {
    stop();
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('unlocks with a silent data: WAV', async () => {
    expect(await unlock()).toBe(true);
    expect(FakeAudio.last.src).toMatch(/^data:audio\/wav;base64,UklGR/);
  });

  it('plays at the asked rate and resolves when it ends', async () => {
    const done = vi.fn();
    play('data:audio/wav;base64,AAAA', 0.75).then(done);
    const el = FakeAudio.last;
    expect(el).toMatchObject({ src: 'data:audio/wav;base64,AAAA', playbackRate: 0.75, defaultPlaybackRate: 0.75 });
    await vi.advanceTimersByTimeAsync(10);
    expect(done).not.toHaveBeenCalled();
    el.dispatchEvent(new Event('ended'));
    await vi.advanceTimersByTimeAsync(0);
    expect(done).toHaveBeenCalled();
  });

  it('resolves after duration + 2 s when ended never comes', async () => {
    const done = vi.fn();
    play('blob:reply').then(done);
    FakeAudio.last.duration = 3; // known by the time play() resolves
    await vi.advanceTimersByTimeAsync(4999);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalled();
  });

  it('rejects with a clear message when the element fails or play() is refused', async () => {
    const failing = play('data:audio/aac;base64,AAAA');
    const el = FakeAudio.last;
    el.error = { code: 4 };
    el.dispatchEvent(new Event('error'));
    await expect(failing).rejects.toThrow(/format is not supported/);
    el.nextPlay = () => Promise.reject(new DOMException('no gesture', 'NotAllowedError'));
    await expect(play('blob:reply')).rejects.toThrow(/click/i);
    el.nextPlay = async () => {};
  });

  it('resolves a reply that stop() or the next reply cuts short', async () => {
    const first = play('blob:one');
    const second = play('blob:two');
    await expect(first).resolves.toBeUndefined();
    stop();
    await expect(second).resolves.toBeUndefined();
    expect(FakeAudio.last.paused).toBe(true);
  });
});

describe('speakWithOS', () => {
  const speak = vi.fn();
  beforeEach(() => {
    vi.useFakeTimers();
    speak.mockReset();
    vi.stubGlobal('SpeechSynthesisUtterance', class { constructor(public text: string) {} });
    vi.stubGlobal('speechSynthesis', {
      getVoices: () => [voice('en-US'), voice('es-ES')],
      speak,
      speaking: false,
      pending: false,
      cancel: vi.fn(),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('says false, and speaks nothing, when no voice has the language', async () => {
    expect(await speakWithOS('Bonjour', 'fr-FR')).toBe(false);
    expect(speak).not.toHaveBeenCalled();
  });

  it('finishes by the estimate even when end never fires', async () => {
    const done = vi.fn();
    speakWithOS('Hola, ¿cómo estás?', 'es', 0.75).then(done);
    await vi.advanceTimersByTimeAsync(0);
    expect(speak).toHaveBeenCalledWith(expect.objectContaining({ text: 'Hola, ¿cómo estás?', lang: 'es-ES', rate: 0.75 }));
    await vi.advanceTimersByTimeAsync(estimateSpeechMs('Hola, ¿cómo estás?', 0.75) - 1);
    expect(done).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toHaveBeenCalledWith(true);
  });
});
