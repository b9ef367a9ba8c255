// A local server that speaks the OpenAI wire format, for browser tests: the
// app under test is pointed at it through KAIWA_AI_BASE_URL. Each test sets
// how the next chat completion behaves. It also speaks (/audio/speech: a WAV
// tone) and listens (/audio/transcriptions: a set text), recording both.
// Each request is recorded with when it came (`at`, and for streamed chat
// `finishedAt`), so tests can tell the order of a hands-free turn.
// With kaiwaAI(keys) it imitates Kaiwa AI's gateway (docs/kaiwa-ai.md; the Go
// tests' imitation is backend/endpoint/endpointtest): every request must
// carry one of the licence keys as its bearer token and an X-Kaiwa-Instance
// header, or it is answered 401; behave({ status: 429, code: 'quota_exceeded' })
// and behave({ status: 402 }) give its answers about the plan. The app is
// pointed at it through KAIWA_AI_GATEWAY_URL.
import { createServer } from 'node:http';

/** A 16-bit mono WAV holding the samples in pcm (little-endian). */
export function wavOf(pcm, rate) {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0);
  h.writeUInt32LE(36 + pcm.length, 4);
  h.write('WAVEfmt ', 8);
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36);
  h.writeUInt32LE(pcm.length, 40);
  return Buffer.concat([h, pcm]);
}

/** A 16-bit mono WAV of a sine tone. */
export function sineWav(seconds, freq = 440, rate = 24000, amplitude = 0.5) {
  const n = Math.round(seconds * rate);
  const pcm = Buffer.alloc(2 * n);
  for (let i = 0; i < n; i++) pcm.writeInt16LE(Math.round(amplitude * 32767 * Math.sin((2 * Math.PI * freq * i) / rate)), 2 * i);
  return wavOf(pcm, rate);
}

/** The format and loudness of a PCM16 WAV. */
export function describeWav(b) {
  if (b.toString('ascii', 0, 4) !== 'RIFF' || b.toString('ascii', 8, 12) !== 'WAVE') return null;
  let at = 12;
  const info = {};
  while (at + 8 <= b.length) {
    const id = b.toString('ascii', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ') Object.assign(info, { format: b.readUInt16LE(at + 8), channels: b.readUInt16LE(at + 10), sampleRate: b.readUInt32LE(at + 12), bits: b.readUInt16LE(at + 22) });
    if (id === 'data') {
      const frames = Math.floor(Math.min(size, b.length - at - 8) / 2);
      let sum = 0;
      for (let i = 0; i < frames; i++) sum += (b.readInt16LE(at + 8 + 2 * i) / 32768) ** 2;
      return { ...info, seconds: frames / (info.sampleRate * info.channels), rms: Math.sqrt(sum / Math.max(1, frames)) };
    }
    at += 8 + size + (size % 2);
  }
  return null;
}

/** The fields of a multipart/form-data body: text values, and files as Buffers. */
function multipart(body, contentType) {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  const fields = {};
  if (!boundary) return fields;
  const sep = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = body.indexOf(sep);
  while (at >= 0) {
    const next = body.indexOf(sep, at + sep.length);
    if (next < 0) break;
    const part = body.subarray(at + sep.length + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString();
    const name = /name="([^"]+)"/.exec(head)?.[1];
    const value = part.subarray(split + 4);
    if (name) fields[name] = /filename=/.test(head) ? value : value.toString();
    at = next;
  }
  return fields;
}

/**
 * @typedef {{ chunks?: string[] | ((n: number) => string[]), delayMs?: number, status?: number, error?: string, code?: string, endless?: boolean, hungUpAt?: number }} Behaviour
 */
export async function startFakeAI() {
  /** @type {Behaviour} */
  let behaviour = { chunks: ['Hola.'] };
  const requests = [];
  const modelCalls = [];
  const completions = [];
  /** @type {string | ((request: any) => string)} */
  let answer = 'I cannot help with that.';
  const speech = [];
  const transcriptions = [];
  let transcript = { text: 'Quisiera un café, por favor.' };
  let speechSeconds = 0.6;
  /** @type {Set<string> | null} licence keys, when imitating Kaiwa AI */
  let licences = null;
  const server = createServer(async (req, res) => {
    const parts = [];
    for await (const part of req) parts.push(part);
    const raw = Buffer.concat(parts);
    const body = raw.toString();
    const fail = (status, message, code = null) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message, type: code ?? 'invalid_request_error', code } }));
    };
    const instance = req.headers['x-kaiwa-instance'] ?? '';
    const conversation = req.headers['x-kaiwa-conversation'] ?? '';
    if (licences) {
      const key = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!licences.has(key) || !instance) return fail(401, 'The licence key was not recognised.', 'invalid_licence');
    }
    if (req.method === 'POST' && req.url === '/v1/audio/speech') {
      speech.push({ ...JSON.parse(body), authorization: req.headers.authorization ?? '', ...(licences ? { instance } : {}), at: Date.now() });
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.end(sineWav(speechSeconds));
      return;
    }
    if (req.method === 'POST' && req.url === '/v1/audio/transcriptions') {
      const f = multipart(raw, req.headers['content-type']);
      transcriptions.push({ model: f.model, language: f.language, wav: Buffer.isBuffer(f.file) ? describeWav(f.file) : null, at: Date.now() });
      if (transcript.status) return fail(transcript.status, transcript.error ?? 'error');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ text: transcript.text }));
      return;
    }
    if (req.method === 'GET' && req.url === '/v1/models') {
      modelCalls.push({ authorization: req.headers.authorization ?? '', instance });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-tutor', object: 'model' }, { id: 'fake-small', object: 'model' }] }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const request = JSON.parse(body);
    if (!request.stream) {
      // Unstreamed completions (corrections, reports, translations) are answered apart.
      completions.push({ ...request, authorization: req.headers.authorization ?? '', instance, conversation });
      const content = typeof answer === 'function' ? answer(request) : answer;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-answer', object: 'chat.completion', created: 0, model: request.model,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }));
      return;
    }
    const record = { ...request, authorization: req.headers.authorization ?? '', instance, conversation, at: Date.now(), finishedAt: 0 };
    requests.push(record);
    const b = behaviour;
    if (b.status) return fail(b.status, b.error ?? 'error', b.code);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const id = `chatcmpl-${requests.length}`;
    if (b.endless) {
      // A model that never stops: the same words until Kaiwa hangs up.
      const event = `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta: { content: 'ja ' }, finish_reason: null }] })}\n\n`;
      while (!res.destroyed) {
        if (!res.write(event.repeat(64))) await new Promise((r) => res.once('drain', r).once('close', r));
      }
      b.hungUpAt = Date.now();
      return;
    }
    // chunks may be a function of the request's number, for a new reply each time.
    const chunks = typeof b.chunks === 'function' ? b.chunks(requests.length) : (b.chunks ?? []);
    for (const [i, piece] of chunks.entries()) {
      if (res.destroyed) return;
      const delta = i === 0 ? { role: 'assistant', content: piece } : { content: piece };
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
      if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
    }
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    res.end('data: [DONE]\n\n');
    record.finishedAt = Date.now();
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    /** The Authorization header of each /models request. */
    modelCalls,
    /** The unstreamed completions asked for (corrections, reports, translations). */
    completions,
    /** What unstreamed completions answer: a text, or a function of the request. */
    answer(a) {
      answer = a;
    },
    speech,
    transcriptions,
    /** How long the spoken lines last (a tone of that many seconds). */
    speakFor(seconds) {
      speechSeconds = seconds;
    },
    /** How the next transcriptions answer: { text } or { status, error }. */
    transcribe(t) {
      transcript = t;
    },
    /** @param {Behaviour} b */
    behave(b) {
      behaviour = b;
    },
    /** Imitates Kaiwa AI's gateway, accepting these licence keys. @param {string[]} keys */
    kaiwaAI(keys) {
      licences = new Set(keys);
    },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}
