// For tests that run in Node: the bytes of a file shipped in an npm package
// (plain JS, so the page's TypeScript needs no Node types).
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/**
 * @param {string} name a package's file, such as '@echogarden/espeak-ng-emscripten/espeak-ng.data'
 * @returns {Promise<ArrayBuffer>}
 */
export async function packageFile(name) {
  const b = await readFile(createRequire(import.meta.url).resolve(name));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
}
