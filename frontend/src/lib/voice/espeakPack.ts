// eSpeak NG's voice data holds 140 voices (24 MB); Kaiwa teaches 17
// languages. At build time packVoices() keeps every file but the other
// languages' dictionaries (half the size) and the build gzips the pack; in
// the page readVoicePack() unzips it and unpackVoices() puts the kept files
// back where the emscripten module expects them in its data file (the rest
// stays zero and is never read).

/** eSpeak NG's voice for each of Kaiwa's languages. */
export const ESPEAK_VOICES: Record<string, string> = {
  ja: 'ja', en: 'en', es: 'es', fr: 'fr', de: 'de', it: 'it', pt: 'pt', ko: 'ko', zh: 'cmn',
  ar: 'ar', hi: 'hi', ru: 'ru', vi: 'vi', nl: 'nl', id: 'id', tr: 'tr',
  // eSpeak NG has no Tagalog voice; Indonesian, a close Austronesian
  // neighbour, reads Filipino's spelling nearly as written.
  fil: 'id',
};

interface Layout {
  files: { filename: string; start: number; end: number }[];
  remote_package_size: number;
}

/** The layout of espeak-ng.data, as the module's file packager wrote it into espeak-ng.js. */
export function dataLayout(moduleJs: string): Layout {
  const at = moduleJs.indexOf('loadPackage({files:');
  if (at < 0) throw new Error('espeak-ng.js has no package layout: has its build changed?');
  const end = moduleJs.indexOf('})', at);
  const literal = moduleJs.slice(at + 'loadPackage('.length, end + 1);
  // An object literal with unquoted keys: quote them to read it as JSON.
  return JSON.parse(literal.replace(/([{,])(\w+):/g, '$1"$2":'));
}

/**
 * The kept files of the data: a 4-byte length, a JSON index of where each
 * kept piece goes, then the pieces.
 */
export function packVoices(moduleJs: string, data: Uint8Array, voices = Object.values(ESPEAK_VOICES)): Uint8Array {
  const layout = dataLayout(moduleJs);
  if (layout.remote_package_size !== data.length) throw new Error('espeak-ng.data does not match espeak-ng.js');
  const dicts = new Set(voices.map((v) => `${v}_dict`));
  const kept = layout.files.filter((f) => !f.filename.endsWith('_dict') || dicts.has(f.filename.split('/').pop()!));
  const index = JSON.stringify({ size: layout.remote_package_size, pieces: kept.map((f) => [f.start, f.end]) });
  const head = new TextEncoder().encode(index);
  const out = new Uint8Array(4 + head.length + kept.reduce((n, f) => n + f.end - f.start, 0));
  new DataView(out.buffer).setUint32(0, head.length, true);
  out.set(head, 4);
  let at = 4 + head.length;
  for (const f of kept) {
    out.set(data.subarray(f.start, f.end), at);
    at += f.end - f.start;
  }
  return out;
}

/** The data file as the module expects it, from a pack. */
export function unpackVoices(pack: ArrayBuffer): ArrayBuffer {
  const bytes = new Uint8Array(pack);
  const length = new DataView(pack).getUint32(0, true);
  const { size, pieces } = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as { size: number; pieces: [number, number][] };
  const data = new Uint8Array(size);
  let at = 4 + length;
  for (const [start, end] of pieces) {
    data.set(bytes.subarray(at, at + end - start), start);
    at += end - start;
  }
  return data.buffer;
}

/** The data file from the build's gzipped pack, as fetched. */
export async function readVoicePack(res: Response): Promise<ArrayBuffer> {
  if (!res.ok || !res.body) throw new Error(`the offline voice's data could not be read (${res.status})`);
  const unzipped = res.body.pipeThrough(new DecompressionStream('gzip'));
  return unpackVoices(await new Response(unzipped).arrayBuffer());
}
