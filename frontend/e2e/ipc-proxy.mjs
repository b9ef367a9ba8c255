// A TCP proxy in front of Kaiwa's dev server that hands its IPC websocket
// whole messages. Chromium splits a large message (a few seconds of
// recorded speech, base64) into several frames, and the dev server of Wails
// v2 (golang.org/x/net/websocket's Message.Receive) reads each frame as a
// message of its own, so the call arrives broken. The real window has no
// websocket: its webview hands the page's messages to Go whole. Frames from
// the page are joined here into one; everything else passes untouched.
import { createConnection, createServer } from 'node:net';

/** Starts the proxy to 127.0.0.1:port; resolves { port, close }. */
export async function startIpcProxy(port) {
  const sockets = new Set();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    upstream.pipe(client);
    let head = Buffer.alloc(0); // bytes before we know what this connection is
    let mode = 'unknown';
    const frames = frameJoiner((b) => upstream.write(b));
    client.on('data', (d) => {
      if (mode === 'http') return upstream.write(d);
      if (mode === 'ws') return frames(d);
      head = Buffer.concat([head, d]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      const request = head.subarray(0, end).toString('latin1');
      const rest = head.subarray(end + 4);
      upstream.write(head.subarray(0, end + 4));
      head = Buffer.alloc(0);
      // After an upgrade the connection carries frames; otherwise plain HTTP.
      mode = /^upgrade:\s*websocket/im.test(request) ? 'ws' : 'http';
      if (rest.length) client.emit('data', rest);
    });
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    port: server.address().port,
    close: () => new Promise((ok) => { for (const s of sockets) s.destroy(); server.close(ok); }),
  };
}

// Parses masked client frames; joins a fragmented data message into one
// frame (masked with a zero key, which leaves the payload as it is).
function frameJoiner(write) {
  let buf = Buffer.alloc(0);
  let parts = [];
  let opcode = 0;
  return (data) => {
    buf = Buffer.concat([buf, data]);
    for (;;) {
      if (buf.length < 2) return;
      const fin = (buf[0] & 0x80) !== 0;
      const op = buf[0] & 0x0f;
      let len = buf[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (buf.length < 4) return;
        len = buf.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (buf.length < 10) return;
        len = Number(buf.readBigUInt64BE(2));
        at = 10;
      }
      const masked = (buf[1] & 0x80) !== 0;
      const total = at + (masked ? 4 : 0) + len;
      if (buf.length < total) return;
      const frame = buf.subarray(0, total);
      buf = buf.subarray(total);
      if (op >= 8 || (fin && op !== 0 && parts.length === 0)) {
        write(Buffer.from(frame)); // control frames and whole messages as they are
        continue;
      }
      const payload = Buffer.from(frame.subarray(at + (masked ? 4 : 0)));
      if (masked) {
        const key = frame.subarray(at, at + 4);
        for (let i = 0; i < payload.length; i++) payload[i] ^= key[i & 3];
      }
      if (op !== 0) opcode = op;
      parts.push(payload);
      if (!fin) continue;
      const whole = Buffer.concat(parts);
      parts = [];
      const size = whole.length;
      const header = size < 126 ? Buffer.from([0x80 | opcode, 0x80 | size])
        : size < 65536 ? Buffer.from([0x80 | opcode, 0x80 | 126, size >> 8, size & 0xff])
        : Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(size)); return b; })()]);
      write(Buffer.concat([header, Buffer.alloc(4), whole]));
    }
  };
}
