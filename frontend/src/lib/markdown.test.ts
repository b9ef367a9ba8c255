// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
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
});
