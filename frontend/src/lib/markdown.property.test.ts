// @vitest-environment jsdom
// Whatever a partner sends, renderMarkdown returns quickly, never throws, and
// gives back only the allowed tags, with no attributes at all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_MARKDOWN_LENGTH, plainText, renderMarkdown } from './markdown';

const allowedTag = /<\/?(?:p|br|strong|em|b|i|ul|ol|li|code|pre|blockquote|del|ruby|rt|rp)>/g;
/**
 * Per call, in jsdom. The slowest inputs found take under 100 ms here and
 * about 10 ms in Chromium; before the limits some took seconds or crashed.
 */
const BOUND_MS = 250;
const RUNS = 300;

function check(text: string) {
  const out = renderMarkdown(text);
  expect(typeof out).toBe('string');
  // Text is escaped, so any `<` left once the allowed tags are gone is a tag
  // that should not be there, or one with attributes.
  expect(out.replace(allowedTag, '')).not.toContain('<');
  expect(fastest(text)).toBeLessThan(BOUND_MS);
}

/** The best of up to five timings, so a pause of the machine is not taken for a slow input. */
function fastest(text: string): number {
  let best = Infinity;
  for (let i = 0; i < 5 && best >= BOUND_MS / 5; i++) {
    const started = performance.now();
    renderMarkdown(text);
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

// Pieces of markdown and HTML that have stalled or crashed parsers, and text
// in several scripts and directions.
const piece = fc.constantFrom(
  '>', '> ', '*', '**', '_', '__', '~', '~~', '`', '```', '[', ']', '(', ')', '![', '](', '\\', '#', '# ', '|', '|-',
  '- ', '* ', '+ ', '1. ', '1) ', '  ', '    ', '\t', '\n', '\n\n', '\r\n', '\r', ' ', '---', '***', '<', '>', '&', '&amp;', '&#',
  '<b>', '</b>', '<i>', '<div>', '</div>', '<ruby>', '<rt>', '</rt>', '<!--', '-->', '<a href="javascript:x">', '<img src=x onerror=y>',
  '<script>', '<style>', '<svg onload=x>', 'http://a.b', 'www.a.b', 'a@b.c', '[a]: b', '[a]', 'javascript:',
  'a', 'hola', '日本語', 'こんにちは', '中文', 'مرحبا', 'שלום', '\u200f', '\u202e', '👋', '👋🏽', '👨‍👩‍👧', '\u0000', '\ufffd',
);
const soup = fc.array(piece, { maxLength: 400 }).map((p) => p.join(''));
/** A few pieces, each repeated up to thousands of times. */
const runs = fc
  .array(fc.tuple(fc.oneof(piece, fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''))), fc.integer({ min: 1, max: 3000 })), {
    minLength: 1,
    maxLength: 4,
  })
  .map((rs) => rs.map(([p, n]) => p.repeat(n)).join(''));
/** Lists and quotes nested by indentation, line after line. */
const nested = fc
  .array(fc.tuple(fc.oneof(fc.nat(8), fc.nat(40)), fc.constantFrom('- ', '* ', '1. ', '> ', '> - '), piece), { minLength: 1, maxLength: 200 })
  .map((lines) => lines.map(([indent, marker, text]) => `${' '.repeat(indent)}${marker}${text}`).join('\n'));

describe('renderMarkdown on any input', () => {
  it.each([
    ['any printable text', fc.string({ unit: 'grapheme', maxLength: 500 })],
    ['any code points, controls included', fc.string({ unit: 'binary', maxLength: 500 })],
    ['markdown and HTML soup', soup],
    ['long runs of markers', runs],
    ['nested lists and quotes', nested],
  ] as const)('%s', (_, text) => {
    fc.assert(fc.property(text, check), { numRuns: RUNS });
  });

  // The slowest inputs found that are still parsed as markdown.
  it.each([
    ['links and images that never close', '&amp;</b>(' + ':#!['.repeat(747)],
    ['a list of 750 items', '- a\n'.repeat(750)],
    ['1,500 lines', 'a\n'.repeat(1500)],
    ['100 tildes spread out', ('~' + 'a'.repeat(29)).repeat(100)],
    ['200 unclosed tags', '<div>'.repeat(200) + 'a'.repeat(2000)],
    ['a link followed by brackets', 'www.a.b' + ')'.repeat(2993)],
  ])('%s', (_, text) => check(text));

  it('sizes near the length limit', () => {
    const near = fc
      .tuple(soup, fc.integer({ min: MAX_MARKDOWN_LENGTH - 50, max: MAX_MARKDOWN_LENGTH + 50 }))
      .map(([t, n]) => (t || 'a').repeat(Math.ceil(n / (t.length || 1))).slice(0, n));
    fc.assert(fc.property(near, check), { numRuns: 100 });
  });

  it('shows plain text with every character kept', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const div = document.createElement('div');
        div.innerHTML = plainText(text).replaceAll('<br>', '\n');
        // HTML parsing turns \r\n and \r into \n and drops NUL.
        expect(div.textContent).toBe(text.replace(/\r\n?/g, '\n').replaceAll('\0', ''));
      }),
      { numRuns: RUNS },
    );
  });
});
