import { describe, expect, it } from 'vitest';
import { createSentenceSplitter } from './sentences';

/** Streams text in pieces of n characters; returns what was said at each step. */
function stream(text: string, n: number) {
  const s = createSentenceSplitter();
  const said: string[][] = [];
  for (let i = n; i < text.length + n; i += n) said.push(s.push(text.slice(0, i)));
  said.push(s.flush(text));
  return said;
}

describe('sentence splitter', () => {
  it('hands out each sentence once, as soon as it is complete', () => {
    const s = createSentenceSplitter();
    expect(s.push('¡Hola, Lucía')).toEqual([]);
    expect(s.push('¡Hola, Lucía! Un ca')).toEqual(['¡Hola, Lucía!']);
    expect(s.push('¡Hola, Lucía! Un café con leche, muy bien. ¿Algo')).toEqual(['Un café con leche, muy bien.']);
    expect(s.flush('¡Hola, Lucía! Un café con leche, muy bien. ¿Algo más?')).toEqual(['¿Algo más?']);
    expect(s.flush('¡Hola, Lucía! Un café con leche, muy bien. ¿Algo más?')).toEqual([]);
  });

  it('says the whole reply, in order, whatever the size of the pieces', () => {
    const text = 'Bonjour ! Vous désirez ? Un café, s’il vous plaît… Très bien.';
    for (const n of [1, 3, 7, 100]) {
      expect(stream(text, n).flat().join(' ')).toBe('Bonjour ! Vous désirez ? Un café, s’il vous plaît… Très bien.');
    }
  });

  it('cuts Japanese, Chinese, Arabic and Hindi at their own marks', () => {
    expect(stream('こんにちは。お元気ですか？はい', 2).flat()).toEqual(['こんにちは。', 'お元気ですか？', 'はい']);
    expect(stream('你好！你叫什么名字？', 3).flat()).toEqual(['你好！', '你叫什么名字？']);
    expect(stream('مرحبا! كيف حالك؟ أنا بخير.', 4).flat()).toEqual(['مرحبا! كيف حالك؟', 'أنا بخير.']);
    expect(stream('नमस्ते जी। आप कैसे हैं?', 5).flat()).toEqual(['नमस्ते जी।', 'आप कैसे हैं?']);
  });

  it('does not speak a lone word or a number with a dot apart', () => {
    expect(stream('Sí. Claro que sí. 1. Primero el café.', 4).flat()).toEqual(['Sí. Claro que sí.', '1. Primero el café.']);
  });

  it('does not cut inside decimals or abbreviations without a space', () => {
    expect(stream('Son 3.50 euros, gracias.', 2).flat()).toEqual(['Son 3.50 euros, gracias.']);
  });

  it('leaves out what has no words', () => {
    expect(createSentenceSplitter().flush('  … ')).toEqual([]);
  });
});
