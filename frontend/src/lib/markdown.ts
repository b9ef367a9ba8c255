// Partner text may use a little markdown (bold, lists); HTML from a model is
// never trusted: everything is sanitised and links cannot run script.
// A reply is stored and drawn again every time its conversation opens, so no
// text may break or stall the page: what the parser could choke on (too long,
// nested too deep, too many emphasis markers) and anything that throws is
// shown as escaped plain text instead.
import DOMPurify from 'dompurify';
import { Marked } from 'marked';

const allowed = ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote', 'del', 'ruby', 'rt', 'rp'];

/** Longer text is shown plain. Replies are asked for a few sentences; this is ten times the longest. */
export const MAX_MARKDOWN_LENGTH = 3000;
/**
 * Quotes and lists nested deeper than this are shown plain: marked recurses
 * once per level and overflows the stack at a few thousand (`>` × 3,000 did).
 */
export const MAX_NESTING = 8;
/**
 * More `*`, `_`, `~` and backticks than this are shown plain: for each run of
 * them marked searches the rest of the paragraph for a partner, so the time
 * grows with their number times the length (`_a` × 20,000 took 2 s), and long
 * runs cost more again (`*` × 1,000 after a link, 100 ms). Twenty bold words
 * use 80.
 */
export const MAX_DELIMITERS = 100;
/**
 * More HTML tags than this are shown plain: each one the sanitiser removes or
 * the browser nests costs time (`<div>` × 800 took 17 ms), and a reply has a
 * few `<ruby>` annotations at most.
 */
export const MAX_TAGS = 200;

// Nothing is made that the sanitiser would only strip again: it removes
// tags one by one (4,000 table cells took 100 ms in Chromium, 750 headings
// 300 ms in jsdom) and runs the words of neighbours together.
const parser = new Marked({
  async: false,
  gfm: true,
  breaks: true,
  // A table stays text: its pipes keep the cells apart.
  tokenizer: { table: () => undefined },
  renderer: {
    heading({ tokens }) {
      return `<p><strong>${this.parser.parseInline(tokens)}</strong></p>\n`;
    },
    link({ tokens }) {
      return this.parser.parseInline(tokens);
    },
    image({ tokens }) {
      return this.parser.parseInline(tokens);
    },
    hr: () => '',
    checkbox: () => '',
  },
});

export function renderMarkdown(text: string): string {
  if (!text) return '';
  if (!parseable(text)) return plainText(text);
  try {
    const html = parser.parse(text) as string;
    return DOMPurify.sanitize(html, { ALLOWED_TAGS: allowed, ALLOWED_ATTR: [] });
  } catch {
    return plainText(text);
  }
}

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text as it is, escaped, with its line breaks. */
export function plainText(text: string): string {
  if (!text) return '';
  const escaped = text.replace(/[&<>"']/g, (c) => entities[c]);
  return `<p>${escaped.replace(/\r\n|\r|\n/g, '<br>')}</p>`;
}

/**
 * Whether the text is within every limit, in one pass and before any parsing.
 * A line is nested at most as deep as its container markers (`>`, bullets,
 * numbers) plus one per two columns of the whitespace among them, since each
 * list inside another is indented at least two more.
 */
function parseable(text: string): boolean {
  if (text.length > MAX_MARKDOWN_LENGTH) return false;
  let delimiters = 0;
  let tags = 0;
  let i = 0;
  while (i < text.length) {
    // The start of a line: its container markers and indentation.
    let depth = 0;
    let columns = 0;
    for (;;) {
      const c = text[i];
      if (c === ' ') columns += 1;
      else if (c === '\t') columns += 4;
      else if (c === '>') depth += 1;
      else if ((c === '-' || c === '*' || c === '+') && isGap(text[i + 1])) depth += 1;
      else {
        const end = orderedMarkerEnd(text, i);
        if (end < 0) break;
        depth += 1;
        i = end;
        continue;
      }
      i += 1;
    }
    if (depth + Math.floor(columns / 2) > MAX_NESTING) return false;
    // The rest of the line: delimiters and tags.
    while (i < text.length && text[i] !== '\n' && text[i] !== '\r') {
      const c = text[i];
      if (c === '*' || c === '_' || c === '~' || c === '`') {
        if (++delimiters > MAX_DELIMITERS) return false;
      } else if (c === '<' && /[A-Za-z/!?]/.test(text[i + 1] ?? '') && ++tags > MAX_TAGS) {
        return false;
      }
      i += 1;
    }
    i += 1;
  }
  return true;
}

function isGap(c: string | undefined): boolean {
  return c === undefined || c === ' ' || c === '\t' || c === '\n' || c === '\r';
}

/** Where an ordered-list marker (`1.`, `12)`) at i ends, or -1. */
function orderedMarkerEnd(text: string, i: number): number {
  let j = i;
  while (j - i < 9 && text[j] >= '0' && text[j] <= '9') j += 1;
  if (j === i || (text[j] !== '.' && text[j] !== ')') || !isGap(text[j + 1])) return -1;
  return j + 1;
}

/**
 * Draws a text that keeps growing (a reply as it streams in) at most once per
 * interval: the first text at once, then the newest at the end of each
 * interval, so the last words are always drawn.
 */
export function throttledMarkdown(interval: number, show: (html: string) => void) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: string | undefined;
  function draw() {
    if (pending === undefined) {
      timer = undefined;
      return;
    }
    show(renderMarkdown(pending));
    pending = undefined;
    timer = setTimeout(draw, interval);
  }
  return {
    update(text: string) {
      pending = text;
      if (timer === undefined) draw();
    },
    cancel() {
      clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
}
