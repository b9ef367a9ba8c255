// A local server that speaks the OpenAI wire format, for browser tests: the
// app under test is pointed at it through KAIWA_AI_BASE_URL. Each test sets
// how the next chat completion behaves.
import { createServer } from 'node:http';

/**
 * @typedef {{ chunks?: string[], delayMs?: number, status?: number, error?: string }} Behaviour
 */
export async function startFakeAI() {
  /** @type {Behaviour} */
  let behaviour = { chunks: ['Hola.'] };
  const requests = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const part of req) body += part;
    if (req.method === 'GET' && req.url === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-tutor', object: 'model' }, { id: 'fake-small', object: 'model' }] }));
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      res.writeHead(404).end();
      return;
    }
    const request = JSON.parse(body);
    requests.push({ ...request, authorization: req.headers.authorization ?? '' });
    const b = behaviour;
    if (b.status) {
      res.writeHead(b.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: b.error ?? 'error', type: 'invalid_request_error' } }));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const id = `chatcmpl-${requests.length}`;
    for (const [i, piece] of (b.chunks ?? []).entries()) {
      if (res.destroyed) return;
      const delta = i === 0 ? { role: 'assistant', content: piece } : { content: piece };
      res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: null }] })}\n\n`);
      if (b.delayMs) await new Promise((r) => setTimeout(r, b.delayMs));
    }
    if (res.destroyed) return;
    res.write(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created: 0, model: request.model, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`);
    res.end('data: [DONE]\n\n');
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address();
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    /** @param {Behaviour} b */
    behave(b) {
      behaviour = b;
    },
    close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }),
  };
}
