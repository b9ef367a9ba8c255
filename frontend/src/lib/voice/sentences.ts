// Cuts a reply that is still streaming into sentences, so the first one can
// be spoken while the rest is being written.

// A sentence ends at . ! ? … (and their full-width forms, and the Arabic,
// Hindi and Chinese ones), with any closing quotes or brackets, followed by
// a space; the CJK and Indic marks need no space after them.
const END = /(?:[.!?…]+["'”’»)\]]*(?=\s)|[。！？؟।]+["'”’」』）)\]]*)\s*/gu;

export interface SentenceSplitter {
  /** Takes the whole reply so far; returns the sentences it newly completes. */
  push(text: string): string[];
  /** The reply is complete: returns what is left of it, if anything. */
  flush(text: string): string[];
}

export function createSentenceSplitter(): SentenceSplitter {
  let said = 0; // characters of the reply already handed out

  function complete(text: string): string[] {
    const out: string[] = [];
    END.lastIndex = said;
    for (let m = END.exec(text); m; m = END.exec(text)) {
      const end = m.index + m[0].length;
      const sentence = text.slice(said, end).trim();
      // "Sí." or "1." alone is too short to speak apart: it joins the next
      // one. Chinese and Japanese have no spaces to count words by.
      if (wordCount(sentence) >= 2 || /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(sentence)) {
        out.push(sentence);
        said = end;
      }
      if (END.lastIndex === m.index) END.lastIndex++;
    }
    return out;
  }

  return {
    push: complete,
    flush(text) {
      const out = complete(text);
      const rest = text.slice(said).trim();
      said = text.length;
      if (/[\p{L}\p{N}]/u.test(rest)) out.push(rest);
      return out;
    },
  };
}

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;
