#!/usr/bin/env node
// The fake OpenAI-compatible endpoint of fake-ai.mjs as a process, for tests
// that drive the real window (scripts/voice-smoke.sh): prints its base URL
// (http://127.0.0.1:PORT/v1) as the first line on stdout, then one JSON line
// per speech or transcription request it answers, and runs until killed.
// Usage: node e2e/fake-ai-server.mjs ['first reply chunk' 'second' ...]
import { startFakeAI } from './fake-ai.mjs';

const ai = await startFakeAI();
const chunks = process.argv.slice(2);
ai.behave({ chunks: chunks.length ? chunks : ['¡Hola! ', '¿Qué desea?'] });
console.log(ai.baseURL);

// What it was asked, as it happens: the tests read it to see what the app sent.
let speech = 0;
let heard = 0;
setInterval(() => {
  for (; speech < ai.speech.length; speech++) {
    const { input, voice, model } = ai.speech[speech];
    console.log(JSON.stringify({ speech: { input, voice, model } }));
  }
  for (; heard < ai.transcriptions.length; heard++) console.log(JSON.stringify({ transcription: ai.transcriptions[heard] }));
}, 50);

const stop = () => ai.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
