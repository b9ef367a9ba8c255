// The microphone, captured as raw PCM through Web Audio. MediaRecorder is no
// use here: in the Linux webview (WebKitGTK) it records 0 bytes.
//
// We collect samples with a ScriptProcessorNode, not an AudioWorklet.
// ScriptProcessor is deprecated but present in every engine the app meets
// (WebKitGTK, WKWebView, WebView2, Chromium for tests) and needs nothing
// loaded. A worklet must load its code as a module by URL and is offered only
// in a secure context; neither is certain under the wails:// scheme, where
// even media from asset URLs fails. Running on the main thread costs little
// for one voice at 4096-frame buffers (about 85 ms each).

import type { Recorder } from './pushToTalk';
import { SPEECH_SAMPLE_RATE, downmix, level as rms, resample } from './wav';

const BUFFER_FRAMES = 4096;

const CONSTRAINTS: MediaStreamConstraints = {
  audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true },
};

export function createMicRecorder(): Recorder {
  let mic: LiveMicrophone | null = null;
  let chunks: Float32Array[] = [];
  let latest: Float32Array = new Float32Array(0);
  // Bumped by abort() and stop() so a start still waiting for permission
  // closes what it opens instead of recording in the background.
  let session = 0;

  async function start() {
    const mine = ++session;
    const taken: Float32Array[] = [];
    const opened = await openMicrophone((chunk) => {
      taken.push(chunk);
      latest = chunk;
    }, BUFFER_FRAMES);
    if (mine !== session) return opened.close();
    mic = opened;
    chunks = taken;
  }

  async function stop(): Promise<Float32Array> {
    session++;
    const m = mic;
    mic = null;
    latest = new Float32Array(0);
    if (!m) return new Float32Array(0);
    m.close();
    return resample(concat(chunks), m.sampleRate, SPEECH_SAMPLE_RATE);
  }

  function abort() {
    session++;
    mic?.close();
    mic = null;
    latest = new Float32Array(0);
  }

  return { start, stop, abort, level: () => rms(latest) };
}

function concat(chunks: Float32Array[]): Float32Array {
  const out = new Float32Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** An open microphone that hands over its audio as it comes. */
export interface LiveMicrophone {
  sampleRate: number;
  close(): void;
}

/**
 * Opens the microphone (echo cancellation on, so the partner's voice from
 * the speakers is not taken for the learner) and calls onAudio with each
 * mono buffer. Hands-free listens this way for as long as it is on.
 */
export async function openMicrophone(onAudio: (samples: Float32Array) => void, bufferFrames = 2048): Promise<LiveMicrophone> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new DOMException('this window has no access to microphones', 'NotSupportedError');
  }
  // Created before the first await, while we are still inside the learner's
  // click or key press, so the webview lets it run.
  const context = new AudioContext();
  void context.resume();
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia(CONSTRAINTS);
  } catch (err) {
    void context.close().catch(() => {});
    throw err;
  }
  const nodes: AudioNode[] = [];
  let processor: ScriptProcessorNode | undefined;
  const close = () => {
    // A buffer already queued must not land after the microphone is closed.
    if (processor) processor.onaudioprocess = null;
    for (const node of nodes) node.disconnect();
    for (const track of stream.getTracks()) track.stop();
    void context.close().catch(() => {});
  };
  try {
    const channels = Math.min(2, Math.max(1, stream.getAudioTracks()[0]?.getSettings().channelCount ?? 1));
    const source = context.createMediaStreamSource(stream);
    processor = context.createScriptProcessor(bufferFrames, channels, 1);
    // The processor only runs when connected to the output; a muted gain
    // keeps the learner from hearing themselves.
    const mute = context.createGain();
    mute.gain.value = 0;
    nodes.push(source, processor, mute);
    processor.onaudioprocess = (e) => {
      const input = e.inputBuffer;
      // downmix() copies, so the engine may reuse its buffer.
      onAudio(downmix(Array.from({ length: input.numberOfChannels }, (_, i) => input.getChannelData(i))));
    };
    source.connect(processor);
    processor.connect(mute);
    mute.connect(context.destination);
  } catch (err) {
    close();
    throw err;
  }
  return { sampleRate: context.sampleRate, close };
}
