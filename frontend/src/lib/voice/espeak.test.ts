import { describe, expect, it, vi } from 'vitest';
import { espeakSpeech, espeakVoice } from './espeak';
import { dataLayout, packVoices, readVoicePack, unpackVoices } from './espeakPack';
import { packageFile } from './packageFile.test-helper.js';
import { level } from './wav';

// The real eSpeak NG, with the voice data the page's build ships.
const data = () => packageFile('@echogarden/espeak-ng-emscripten/espeak-ng.data');

describe('eSpeak NG, the offline voice', () => {
  it('has a voice for each of the 17 languages Kaiwa teaches', () => {
    for (const lang of ['ja', 'en', 'es', 'fr', 'de', 'it', 'pt', 'ko', 'zh', 'ar', 'hi', 'ru', 'vi', 'nl', 'fil', 'id', 'tr']) {
      expect(espeakVoice(lang), lang).toBeTruthy();
    }
    expect(espeakVoice('ja-JP')).toBe('ja');
    expect(espeakVoice('zh_CN')).toBe('cmn');
    expect(espeakVoice('xx')).toBeUndefined();
  });

  it.each([
    ['ja', 'こんにちは。お元気ですか？'],
    ['ar', 'مرحبا، كيف حالك؟'],
  ])('speaks %s: a buffer of sound, not silence', async (lang, text) => {
    const speech = await espeakSpeech(text, lang, 1, data);
    const seconds = speech.samples.length / speech.sampleRate;
    expect(speech.sampleRate).toBe(22050);
    expect(seconds).toBeGreaterThan(0.8);
    expect(level(speech.samples)).toBeGreaterThan(0.03);
  }, 30_000);

  it('speaks slower at a slower rate, and refuses a language it has no voice for', async () => {
    const normal = await espeakSpeech('Buenos días, ¿cómo está usted?', 'es', 1, data);
    const slow = await espeakSpeech('Buenos días, ¿cómo está usted?', 'es', 0.75, data);
    expect(slow.samples.length).toBeGreaterThan(normal.samples.length * 1.2);
    await expect(espeakSpeech('hello', 'xx', 1, data)).rejects.toThrow(/does not speak/);
  }, 30_000);
});

describe('the pack of Kaiwa voices in the build', () => {
  it('is about half the size, and with it eSpeak NG still speaks Japanese and Arabic', async () => {
    const js = new TextDecoder().decode(await packageFile('@echogarden/espeak-ng-emscripten/espeak-ng.js'));
    const full = await data();
    const pack = packVoices(js, new Uint8Array(full));
    expect(pack.length).toBeLessThan(full.byteLength * 0.6);
    expect(unpackVoices(pack.buffer as ArrayBuffer).byteLength).toBe(full.byteLength);
    // As the page gets it: gzipped by the build, fetched, unzipped.
    const zipped = await new Response(new Blob([pack as BlobPart]).stream().pipeThrough(new CompressionStream('gzip'))).arrayBuffer();
    const unpacked = await readVoicePack(new Response(zipped));
    const a = new Uint8Array(unpacked);
    const b = new Uint8Array(unpackVoices(pack.buffer as ArrayBuffer));
    expect(a.length).toBe(b.length);
    // A plain loop: deep equality on 24 MB is far too slow.
    expect(a.findIndex((x, i) => x !== b[i])).toBe(-1);
    // A fresh engine that has only the pack's files.
    vi.resetModules();
    const fresh = await import('./espeak');
    for (const [lang, text] of [['ja', 'ありがとうございます。'], ['ar', 'شكرا جزيلا.'], ['zh', '谢谢你。'], ['ru', 'Спасибо.']]) {
      const speech = await fresh.espeakSpeech(text, lang, 1, async () => unpacked);
      expect(level(speech.samples), lang).toBeGreaterThan(0.03);
    }
    // A dictionary Kaiwa does not use is left out.
    const kept = JSON.parse(new TextDecoder().decode(pack.subarray(4, 4 + new DataView(pack.buffer).getUint32(0, true)))).pieces.length;
    expect(kept).toBeLessThan(dataLayout(js).files.length);
  }, 60_000);
});
