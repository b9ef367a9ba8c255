// @vitest-environment jsdom
import DOMPurify from 'dompurify';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_MARKDOWN_LENGTH, plainText, renderMarkdown, throttledMarkdown } from './markdown';

describe('renderMarkdown', () => {
  afterEach(() => vi.restoreAllMocks());

  it('keeps light formatting', () => {
    expect(renderMarkdown('**Muy bien!** ¿Y tú?')).toBe('<p><strong>Muy bien!</strong> ¿Y tú?</p>\n');
  });
  it('never lets model HTML run', () => {
    const out = renderMarkdown('<img src=x onerror="alert(1)"><script>alert(2)</script>[x](javascript:alert(3))<b onclick="x()">hi</b>');
    expect(out).not.toMatch(/<img|<script|onerror|onclick|javascript:|<a /i);
    expect(out).toContain('<b>hi</b>');
  });
  it('keeps any script and direction of text', () => {
    expect(renderMarkdown('مرحبا 👋 こんにちは')).toContain('مرحبا 👋 こんにちは');
  });
  it('keeps lists, quotes and ruby a reply may use', () => {
    const out = renderMarkdown('> Dice:\n\n- **uno**\n  - dos\n\n<ruby>漢<rt>かん</rt></ruby>');
    expect(out).toContain('<blockquote>');
    expect(out).toMatch(/<ul>\s*<li><strong>uno<\/strong>\s*<ul>\s*<li>dos<\/li>/);
    expect(out).toContain('<ruby>漢<rt>かん</rt></ruby>');
  });
  it('makes headings bold lines, and links and images their words', () => {
    expect(renderMarkdown('## Vocabulario\nVer [la lista](https://a.b) o ![un gato](g.png) www.a.b\n\n---\n- [x] hecho')).toBe(
      '<p><strong>Vocabulario</strong></p>\n<p>Ver la lista o un gato www.a.b</p>\n<ul>\n<li>hecho</li>\n</ul>\n',
    );
  });
  it('leaves a table as its text, cells apart', () => {
    const out = renderMarkdown('| sí | no |\n|---|---|\n| 1 | 2 |');
    expect(out).toContain('| sí | no |');
    expect(out).not.toMatch(/<t[dhr]/);
  });

  // Replies seen to break or stall the page before limits were set.
  it.each([
    ['3,000 quote markers', '>'.repeat(3000)],
    ['quotes and lists on one line', '> - '.repeat(1500)],
    ['numbered lists on one line', '1. '.repeat(3000)],
    ['a list nested 40 deep', Array.from({ length: 40 }, (_, i) => `${' '.repeat(2 * i)}- x`).join('\n')],
    ['20,000 unclosed emphases', '_a'.repeat(20000)],
    ['a run of 1,000 stars after a link', `www.a.b)* ${'*'.repeat(1000)} a@b.c`],
    ['300 tags', '<div>'.repeat(300)],
  ])('shows %s as plain text, quickly', (_, text) => {
    const started = performance.now();
    const out = renderMarkdown(text);
    expect(performance.now() - started).toBeLessThan(100);
    expect(out).toBe(plainText(text));
  });

  it('shows text beyond the length limit as plain text', () => {
    const text = 'a **b** '.repeat(MAX_MARKDOWN_LENGTH / 8 + 1);
    expect(renderMarkdown(text)).toBe(plainText(text));
  });

  it('falls back to plain text when the sanitiser throws', () => {
    vi.spyOn(DOMPurify, 'sanitize').mockImplementation(() => {
      throw new RangeError('Maximum call stack size exceeded');
    });
    expect(renderMarkdown('**hola** <b>x</b>\nadiós')).toBe('<p>**hola** &lt;b&gt;x&lt;/b&gt;<br>adiós</p>');
  });
});

describe('plainText', () => {
  it('escapes everything and keeps each line', () => {
    expect(plainText(`<script>"a" & 'b'</script>\r\nuno\rdos\ntres`)).toBe(
      '<p>&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/script&gt;<br>uno<br>dos<br>tres</p>',
    );
    expect(plainText('')).toBe('');
  });
});

describe('throttledMarkdown', () => {
  afterEach(() => vi.useRealTimers());

  it('draws the first text at once, then the newest once per interval', () => {
    vi.useFakeTimers();
    const drawn: string[] = [];
    const stream = throttledMarkdown(200, (html) => drawn.push(html));
    stream.update('Ho');
    expect(drawn).toEqual(['<p>Ho</p>\n']);
    stream.update('Hola');
    stream.update('Hola, **qué');
    vi.advanceTimersByTime(199);
    expect(drawn).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(drawn).toEqual(['<p>Ho</p>\n', '<p>Hola, **qué</p>\n']);
    vi.advanceTimersByTime(1000);
    expect(drawn).toHaveLength(2);
    // Idle again: the next text is drawn at once.
    stream.update('Hola, **qué tal?**');
    expect(drawn.at(-1)).toBe('<p>Hola, <strong>qué tal?</strong></p>\n');
  });

  it('draws nothing after it is cancelled', () => {
    vi.useFakeTimers();
    const drawn: string[] = [];
    const stream = throttledMarkdown(200, (html) => drawn.push(html));
    stream.update('a');
    stream.update('a b');
    stream.cancel();
    vi.advanceTimersByTime(1000);
    expect(drawn).toEqual(['<p>a</p>\n']);
  });
});
