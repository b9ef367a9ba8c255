import { describe, expect, it } from 'vitest';
import { romanizeKorean } from './hangul';

// Expected romanizations are written by hand from the Revised Romanization of
// Korean (the national rules and their examples), not taken from the code.
const word = (w: string) => {
  const segs = romanizeKorean(w);
  expect(segs).toHaveLength(1);
  return segs[0].reading;
};

describe('romanizeKorean', () => {
  it('romanizes everyday words with their sound changes', () => {
    const cases: Record<string, string> = {
      안녕하세요: 'annyeonghaseyo',
      감사합니다: 'gamsahamnida',
      한국어: 'hangugeo',
      같이: 'gachi',
      좋아요: 'joayo',
      맛있어요: 'masisseoyo',
      읽어요: 'ilgeoyo',
      앉아요: 'anjayo',
      // Examples from the rules themselves.
      백마: 'baengma',
      종로: 'jongno',
      왕십리: 'wangsimni',
      별내: 'byeollae',
      신라: 'silla',
      해돋이: 'haedoji',
      놓다: 'nota',
      좋고: 'joko',
      묻혀: 'mutyeo',
      대관령: 'daegwallyeong',
    };
    for (const [ko, rr] of Object.entries(cases)) expect(word(ko), ko).toBe(rr);
  });

  it('carries a final consonant over instead of inserting ㄴ or ㄹ', () => {
    const cases: Record<string, string> = {
      학생입니다: 'haksaengimnida',
      선생님입니다: 'seonsaengnimimnida',
      한국인입니다: 'hanguginimnida',
      앱입니다: 'aebimnida',
      금요일: 'geumyoil',
      목요일: 'mogyoil',
      일요일: 'iryoil',
      월요일: 'woryoil',
      독일: 'dogil',
      번역: 'beonyeok',
      공연: 'gongyeon',
      먹여요: 'meogyeoyo',
      놓여: 'noyeo',
    };
    for (const [ko, rr] of Object.entries(cases)) expect(word(ko), ko).toBe(rr);
  });

  it('carries over double finals and writes no tense sounds', () => {
    const cases: Record<string, string> = {
      없어요: 'eopseoyo',
      값이: 'gapsi',
      닭이: 'dalgi',
      흙이: 'heulgi',
      많이: 'mani',
      싫어요: 'sireoyo',
    };
    for (const [ko, rr] of Object.entries(cases)) expect(word(ko), ko).toBe(rr);
  });

  it('loses the ㄴ/ㄹ of compounds that take it (a known limit)', () => {
    expect(word('서울역')).toBe('seouryeok'); // the rules write seoullyeok
  });

  it('splits a line into Hangul words and bare runs', () => {
    expect(romanizeKorean('안녕하세요, Kaiwa 앱입니다! 123')).toEqual([
      { text: '안녕하세요', reading: 'annyeonghaseyo' },
      { text: ', Kaiwa ', reading: '' },
      { text: '앱입니다', reading: 'aebimnida' },
      { text: '! 123', reading: '' },
    ]);
    expect(romanizeKorean('저는 학생입니다. 금요일에 만나요.').map((s) => s.reading)).toEqual([
      'jeoneun', '', 'haksaengimnida', '', 'geumyoire', '', 'mannayo', '',
    ]);
    expect(romanizeKorean('')).toEqual([]);
    expect(romanizeKorean('hello')).toEqual([{ text: 'hello', reading: '' }]);
  });

  it('gives back the line when the texts are joined', () => {
    for (const line of ['  두 칸  띄어쓰기 ', 'ㅋㅋㅋ 진짜?', '한글과 漢字와 English 🙂', '같이\n가요']) {
      expect(romanizeKorean(line).map((s) => s.text).join('')).toBe(line);
    }
  });
});
