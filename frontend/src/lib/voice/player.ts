// Plays the partner's replies. The Linux webview refuses play() on any audio
// element not first played inside a user gesture, and never plays asset URLs,
// so one shared element is unlocked on the first click and is given only
// data: or blob: URLs. The OS's speech synthesis is a fallback, timed by an
// estimate because its `end` event is unreliable on WebKitGTK.

import { encodeWav, toBase64 } from './wav';

type Voice = Pick<SpeechSynthesisVoice, 'lang' | 'default' | 'localService'>;

let audio: HTMLAudioElement | null = null;
let unlocked = false;
// Settles whatever is sounding now; stop() and the next play() call it.
let finishCurrent: (() => void) | null = null;

function element(): HTMLAudioElement {
  audio ??= new Audio();
  return audio;
}

/**
 * Call inside a click: playing a tiny silent WAV there lets every later
 * play() on the same element through. Safe on every click; it never cuts
 * a reply short.
 */
export async function unlock(): Promise<boolean> {
  if (unlocked || finishCurrent) return unlocked;
  const a = element();
  a.src = `data:audio/wav;base64,${toBase64(encodeWav(new Float32Array(800), 16000))}`;
  try {
    await a.play();
    unlocked = true;
  } catch (err) {
    // A reply started at once aborts the silence, but play() was still
    // called inside the click, which is what unlocks the element.
    unlocked = err instanceof Error && err.name === 'AbortError';
  }
  return unlocked;
}

/** Plays a data: or blob: URL; rate 0.75 is "slow". Settles when it has finished. */
export function play(src: string, rate = 1): Promise<void> {
  stop();
  const a = element();
  return new Promise((resolve, reject) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const done = (err?: Error) => {
      if (finishCurrent !== finish) return;
      finishCurrent = null;
      clearTimeout(timer);
      a.removeEventListener('ended', onEnded);
      a.removeEventListener('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const finish = () => done();
    const onEnded = () => done();
    const onError = () => done(new Error(playbackMessage(MEDIA_ERRORS[a.error?.code ?? 0] ?? '')));
    finishCurrent = finish;
    a.addEventListener('ended', onEnded);
    a.addEventListener('error', onError);
    a.src = src;
    // Loading a new source resets playbackRate to the default rate.
    a.defaultPlaybackRate = rate;
    a.playbackRate = rate;
    a.play().then(
      // `ended` can go missing (no sound server, a stalled decoder): never wait forever.
      () => {
        if (finishCurrent === finish) timer = setTimeout(finish, safetyMs(a.duration, rate));
      },
      (err: unknown) => done(new Error(playbackMessage(err instanceof Error ? err.name : ''))),
    );
  });
}

/** Stops any reply that is sounding, recorded or spoken; its promise resolves. */
export function stop(): void {
  finishCurrent?.();
  audio?.pause();
  if (typeof speechSynthesis !== 'undefined' && (speechSynthesis.speaking || speechSynthesis.pending)) {
    speechSynthesis.cancel();
  }
}

/**
 * Speaks with the OS's voices, but only if one speaks `lang`: an English
 * voice reading Spanish teaches the wrong sounds. Resolves false at once
 * when there is none, so the page can say no voice is installed; otherwise
 * true when the speech should be over.
 */
export async function speakWithOS(text: string, lang: string, rate = 1): Promise<boolean> {
  if (typeof speechSynthesis === 'undefined') return false;
  const voice = pickVoice(await voices(), lang);
  if (!voice) return false;
  stop();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  utterance.rate = rate;
  await new Promise<void>((resolve) => {
    const finish = () => {
      if (finishCurrent !== finish) return;
      finishCurrent = null;
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(finish, estimateSpeechMs(text, rate));
    finishCurrent = finish;
    // `end` is honoured when it comes; the timer covers when it never does.
    utterance.onend = finish;
    utterance.onerror = finish;
    speechSynthesis.speak(utterance);
  });
  return true;
}

// Some engines fill the voice list only after a voiceschanged event.
function voices(): Promise<SpeechSynthesisVoice[]> {
  const now = speechSynthesis.getVoices();
  if (now.length > 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = () => {
      speechSynthesis.removeEventListener('voiceschanged', done);
      resolve(speechSynthesis.getVoices());
    };
    speechSynthesis.addEventListener('voiceschanged', done);
    setTimeout(done, 1000);
  });
}

const primaryTag = (lang: string) => lang.toLowerCase().replace(/_/g, '-').split('-')[0];

/**
 * The best voice for `lang` ("es" or "es-MX"): the same region first, then
 * the system's default, then one that runs offline; undefined when no voice
 * speaks the language at all.
 */
export function pickVoice<V extends Voice>(all: readonly V[], lang: string): V | undefined {
  const wanted = lang.toLowerCase().replace(/_/g, '-');
  const speaking = all.filter((v) => primaryTag(v.lang) === primaryTag(wanted));
  const score = (v: V) =>
    (v.lang.toLowerCase().replace(/_/g, '-') === wanted ? 4 : 0) + (v.default ? 2 : 0) + (v.localService ? 1 : 0);
  return speaking.reduce<V | undefined>((best, v) => (!best || score(v) > score(best) ? v : best), undefined);
}

// Characters of scripts written without spaces, which are read more slowly
// per character than alphabetic text.
const DENSE_SCRIPT = /[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

/**
 * How long the OS will take to speak `text`, erring long: ending late only
 * delays the next step a little, ending early talks over the voice.
 */
export function estimateSpeechMs(text: string, rate = 1): number {
  const dense = text.match(DENSE_SCRIPT)?.length ?? 0;
  const other = text.replace(DENSE_SCRIPT, '').trim().length;
  const seconds = dense / 6 + other / 13;
  return Math.round((seconds * 1000) / rate) + 1000;
}

/** How long to wait for `ended` before assuming it went missing. */
export function safetyMs(durationSeconds: number, rate = 1): number {
  if (!Number.isFinite(durationSeconds) || durationSeconds <= 0) return 120_000;
  return Math.round((durationSeconds * 1000) / rate) + 2000;
}

// MediaError codes, named like the DOMExceptions that play() rejects with.
const MEDIA_ERRORS: Record<number, string> = { 2: 'NetworkError', 3: 'EncodingError', 4: 'NotSupportedError' };

/** A sentence for the learner about why a reply could not be heard. */
export function playbackMessage(errorName: string): string {
  switch (errorName) {
    case 'NotAllowedError':
      return 'Sound is blocked until you click in the window. Click, then play the reply again.';
    case 'NotSupportedError':
      return "This reply's audio can't be played here: its format is not supported.";
    case 'EncodingError':
      return "This reply's audio is damaged and could not be decoded.";
    default:
      return "This reply's audio could not be played.";
  }
}
