// Partner text may use a little markdown (bold, lists); HTML from a model is
// never trusted: everything is sanitised and links cannot run script.
import DOMPurify from 'dompurify';
import { marked } from 'marked';

const allowed = ['p', 'br', 'strong', 'em', 'b', 'i', 'ul', 'ol', 'li', 'code', 'pre', 'blockquote', 'del', 'ruby', 'rt', 'rp'];

export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true }) as string;
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: allowed, ALLOWED_ATTR: [] });
}
