// The offline voice for every language Kaiwa teaches: eSpeak NG compiled to
// JavaScript (@echogarden/espeak-ng-emscripten). Used where the computer has
// no voice of its own for the language (WebKitGTK on Linux speaks English
// only). It is loaded on first use: its script and its voice data are lazy
// files of the page's own build, never fetched from the network.

import { ESPEAK_VOICES, readVoicePack } from './espeakPack';

/** The eSpeak NG voice for a language ("es", "es-MX"), or undefined. */
export function espeakVoice(lang: string): string | undefined {
  return ESPEAK_VOICES[lang.toLowerCase().replace(/_/g, '-').split('-')[0]];
}

/** eSpeak NG's default speed in words per minute. */
const WPM = 175;

interface Worker {
  set_voice(name: string): void;
  set_rate(wpm: number): void;
  get_samplerate(): number;
  synthesize(text: string, cb: (samples: Int16Array | null, events: unknown[]) => boolean | number | void): void;
}

interface EspeakModule {
  eSpeakNGWorker: new () => Worker;
}

export interface Speech {
  samples: Float32Array;
  sampleRate: number;
}

let engine: Promise<Worker> | null = null;

/**
 * Starts eSpeak NG. `data` gives its voice data (espeak-ng.data); by default
 * the pack of Kaiwa's voices in the page's build.
 */
export function loadEspeak(data?: () => Promise<ArrayBuffer>): Promise<Worker> {
  engine ??= (async () => {
    const { default: factory } = await import('@echogarden/espeak-ng-emscripten');
    data ??= async () => {
      // The build's pack of the voices Kaiwa uses (see vite.config.ts).
      const { default: url } = await import('virtual:espeak-voices');
      return readVoicePack(await fetch(url));
    };
    const pkg = await data();
    const m = (await factory({ getPreloadedPackage: () => pkg })) as EspeakModule;
    return new m.eSpeakNGWorker();
  })().catch((err) => {
    engine = null;
    throw err;
  });
  return engine;
}

/** Says `text` in `lang` as samples; rate 0.75 is "slow". */
export async function espeakSpeech(text: string, lang: string, rate = 1, data?: () => Promise<ArrayBuffer>): Promise<Speech> {
  const voice = espeakVoice(lang);
  if (!voice) throw new Error(`the offline voice does not speak ${lang}`);
  const w = await loadEspeak(data);
  w.set_voice(voice);
  w.set_rate(Math.round(WPM * rate));
  const chunks: Int16Array[] = [];
  w.synthesize(text, (samples) => {
    if (samples?.length) chunks.push(samples);
    return false; // false: go on
  });
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    for (let i = 0; i < c.length; i++) out[at + i] = c[i] / 32768;
    at += c.length;
  }
  return { samples: out, sampleRate: w.get_samplerate() };
}
