// Voice activity detection with WebRTC's detector (libfvad compiled to
// WebAssembly, @echogarden/fvad-wasm): 20 KB of wasm, no model to load, a
// few microseconds per frame. It is imported on first use only, and its
// wasm comes from the page's own build, never from the network.

/** Frames are 30 ms of 16 kHz mono audio. */
export const VAD_RATE = 16000;
export const FRAME_MS = 30;
export const FRAME_SAMPLES = (VAD_RATE * FRAME_MS) / 1000;

/** What we use of the Emscripten module (fvad.js). */
export interface FvadModule {
  _fvad_new(): number;
  _fvad_free(inst: number): void;
  _fvad_set_mode(inst: number, mode: number): number;
  _fvad_set_sample_rate(inst: number, rate: number): number;
  _fvad_process(inst: number, frame: number, length: number): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  HEAP16: Int16Array;
}

export interface Vad {
  /** Whether a frame of FRAME_SAMPLES samples in [-1, 1] holds a voice. */
  voiced(frame: Float32Array): boolean;
  /** Time spent deciding so far, in ms (for the CPU figure). */
  readonly busyMs: number;
  dispose(): void;
}

/**
 * Mode 0..3: how sure the detector must be before it calls a frame voice.
 * 2 ("aggressive") ignores most steady noise (fans, hum) and keeps soft speech.
 */
export function createVad(m: FvadModule, mode = 2): Vad {
  const inst = m._fvad_new();
  if (!inst) throw new Error('the voice detector could not start');
  if (m._fvad_set_mode(inst, mode) !== 0 || m._fvad_set_sample_rate(inst, VAD_RATE) !== 0) {
    m._fvad_free(inst);
    throw new Error('the voice detector refused its settings');
  }
  const buf = m._malloc(FRAME_SAMPLES * 2);
  let busy = 0;
  return {
    voiced(frame) {
      const t = performance.now();
      // HEAP16 may be replaced when memory grows: read it at each call.
      const heap = m.HEAP16.subarray(buf >> 1, (buf >> 1) + FRAME_SAMPLES);
      for (let i = 0; i < FRAME_SAMPLES; i++) {
        const s = Math.max(-1, Math.min(1, frame[i] || 0));
        heap[i] = s < 0 ? s * 0x8000 : s * 0x7fff;
      }
      const r = m._fvad_process(inst, buf, FRAME_SAMPLES);
      busy += performance.now() - t;
      return r === 1;
    },
    get busyMs() {
      return busy;
    },
    dispose() {
      m._free(buf);
      m._fvad_free(inst);
    },
  };
}

let loading: Promise<FvadModule> | null = null;

/** Loads the detector on first use: its script and wasm are lazy chunks of the build. */
export async function loadVad(mode = 2): Promise<Vad> {
  loading ??= (async () => {
    const [{ default: factory }, { default: wasmUrl }] = await Promise.all([
      import('@echogarden/fvad-wasm'),
      import('@echogarden/fvad-wasm/fvad.wasm?url'),
    ]);
    return (await factory({ locateFile: () => wasmUrl })) as FvadModule;
  })();
  try {
    return createVad(await loading, mode);
  } catch (err) {
    loading = null;
    throw err;
  }
}
