// Korean reading aid: each Hangul word with its Revised Romanization, made in
// the page because es-hangul applies the sound changes (한국어 → hangugeo)
// that the Go options get wrong. Segments are shaped like the backend's
// reading.Segment, so the page shows every language's aid the same way.
import { romanize } from 'es-hangul';

/** A run of a line; reading is '' where no aid is needed. */
export interface Segment {
  text: string;
  reading: string;
}

const hangulWord = /\p{Script=Hangul}+/gu;

/**
 * Splits text into Hangul words, each with its romanization, and the bare
 * runs between them (spaces, punctuation, Latin, digits). Joining every text
 * gives back the line. Sound changes apply within a word, not across spaces,
 * as the Revised Romanization writes words.
 */
export function romanizeKorean(text: string): Segment[] {
  const segments: Segment[] = [];
  let at = 0;
  for (const m of text.matchAll(hangulWord)) {
    if (m.index > at) segments.push({ text: text.slice(at, m.index), reading: '' });
    segments.push({ text: m[0], reading: romanizeWord(m[0]) });
    at = m.index + m[0].length;
  }
  if (at < text.length) segments.push({ text: text.slice(at), reading: '' });
  return segments;
}

// es-hangul 2.4.0 adds an ㄴ or ㄹ (standard pronunciation §29) after every
// final consonant followed by 이 with a final, 야, 여, 요 or 유, and doubles
// the consonant after some vowels: 학생입니다 → haksaengnimnida, 금요일 →
// geummyoil, 일요일 → illyoil, 한국인 → hangungnin (toss/es-hangul#318,
// #320). That insertion belongs to some compounds only (서울역 seoullyeok), and
// no rule can tell them apart; the plain carry-over of the final consonant
// (연음) is right for the endings, the copula and most words, so it is done
// here first. The same carry-over fixes a tense ㅆ es-hangul writes after
// ㄳ, ㄽ and ㅄ (없어요 → eopsseoyo; the romanization writes no tense sounds).
// Compounds that take the insertion lose it: 서울역 reads seouryeok.
function romanizeWord(word: string): string {
  const chars = Array.from(word);
  const pieces: string[] = [];
  let start = 0;
  for (let i = 0; i + 1 < chars.length; i++) {
    const cur = syllable(chars[i]);
    const next = syllable(chars[i + 1]);
    if (!cur || !next || cur.jong === 0 || next.cho !== CHO_SILENT) continue;
    const inserts = GLIDED.has(next.jung) || (next.jung === JUNG_I && next.jong !== 0);
    if (!inserts && !(cur.jong in DOUBLE)) continue;
    if (cur.jong === JONG_NG) {
      // ㅇ does not carry over: romanize the two sides apart, with no insertion.
      pieces.push(chars.slice(start, i + 1).join(''));
      start = i + 1;
      continue;
    }
    const [stays, moves] = DOUBLE[cur.jong] ?? [0, JONG_TO_CHO[cur.jong]];
    chars[i] = compose(cur.cho, cur.jung, stays);
    if (moves >= 0) chars[i + 1] = compose(palatalized(moves, next.jung), next.jung, next.jong);
  }
  pieces.push(chars.slice(start).join(''));
  return pieces.map((p) => romanize(p)).join('');
}

// Indices in the Unicode composition of Hangul syllables.
const CHO_SILENT = 11; // ㅇ as an initial
const JUNG_I = 20; // ㅣ
const GLIDED = new Set([2, 3, 6, 7, 12, 17]); // ㅑ ㅒ ㅕ ㅖ ㅛ ㅠ
const JONG_NG = 21; // ㅇ as a final
// Double finals before a vowel: the final that stays, the initial that moves
// (ㄶ and ㅀ lose their ㅎ).
const DOUBLE: Record<number, [number, number]> = {
  3: [1, 9], // ㄳ → ㄱ + ㅅ
  5: [4, 12], // ㄵ → ㄴ + ㅈ
  6: [0, 2], // ㄶ → ㄴ
  9: [8, 0], // ㄺ → ㄹ + ㄱ
  10: [8, 6], // ㄻ → ㄹ + ㅁ
  11: [8, 7], // ㄼ → ㄹ + ㅂ
  12: [8, 9], // ㄽ → ㄹ + ㅅ
  13: [8, 16], // ㄾ → ㄹ + ㅌ
  14: [8, 17], // ㄿ → ㄹ + ㅍ
  15: [0, 5], // ㅀ → ㄹ
  18: [17, 9], // ㅄ → ㅂ + ㅅ
};
// A single final as an initial; ㅎ is dropped before a vowel (-1).
const JONG_TO_CHO: Record<number, number> = {
  1: 0, 2: 1, 4: 2, 7: 3, 8: 5, 16: 6, 17: 7, 19: 9, 20: 10, 22: 12, 23: 14, 24: 15, 25: 16, 26: 17, 27: -1,
};

interface Syllable {
  cho: number;
  jung: number;
  jong: number;
}

function syllable(ch: string): Syllable | null {
  const n = ch.codePointAt(0)! - 0xac00;
  if (n < 0 || n >= 11172) return null;
  return { cho: Math.floor(n / 588), jung: Math.floor((n % 588) / 28), jong: n % 28 };
}

function compose(cho: number, jung: number, jong: number): string {
  return String.fromCodePoint(0xac00 + cho * 588 + jung * 28 + jong);
}

// ㄷ and ㅌ carried over before ㅣ are said ㅈ and ㅊ (밭입니다 → 바칩니다).
function palatalized(cho: number, jung: number): number {
  if (jung !== JUNG_I) return cho;
  return cho === 3 ? 12 : cho === 16 ? 14 : cho;
}
