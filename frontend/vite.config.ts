import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { createServer, defineConfig, type Plugin } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { packVoices } from './src/lib/voice/espeakPack.ts';

// The offline voice's data as a lazy asset of the build: only the voices of
// Kaiwa's languages (see src/lib/voice/espeakPack.ts), gzipped (12 MB →
// 6 MB in the binary), imported by the page as 'virtual:espeak-voices' (its
// URL) on first use.
function espeakVoices(): Plugin {
  const id = 'virtual:espeak-voices';
  const pkg = (file: string) => createRequire(import.meta.url).resolve(`@echogarden/espeak-ng-emscripten/${file}`);
  return {
    name: 'kaiwa-espeak-voices',
    resolveId: (source) => (source === id ? `\0${id}` : undefined),
    load(loaded) {
      if (loaded !== `\0${id}`) return;
      const source = gzipSync(packVoices(readFileSync(pkg('espeak-ng.js'), 'utf8'), readFileSync(pkg('espeak-ng.data'))), { level: 9 });
      if (this.meta.watchMode) {
        // The dev server serves it from memory.
        return `export default ${JSON.stringify(`data:application/octet-stream;base64,${Buffer.from(source).toString('base64')}`)};`;
      }
      const ref = this.emitFile({ type: 'asset', name: 'espeak-voices.data', source });
      return `export default import.meta.ROLLUP_FILE_URL_${ref};`;
    },
  };
}

// The flags of the first screen (public/flags, see scripts/flags.py) load
// with the page, not once the screen is drawn: its first paint waits for them.
function preloadFlags(): Plugin {
  const dir = new URL('./public/flags/', import.meta.url);
  return {
    name: 'kaiwa-preload-flags',
    transformIndexHtml: () =>
      readdirSync(dir)
        .filter((f) => f.endsWith('.png'))
        .sort()
        .map((f) => ({ tag: 'link', attrs: { rel: 'preload', href: `/flags/${f}`, as: 'image' }, injectTo: 'head' })),
  };
}

// A new learner's first screen drawn by the build (src/prerender.ts), which
// Go puts inside the page (app.go).
function prerenderWelcome(): Plugin {
  return {
    name: 'kaiwa-prerender-welcome',
    apply: 'build',
    async generateBundle() {
      const server = await createServer({
        configFile: false,
        plugins: [svelte()],
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false },
        logLevel: 'error',
      });
      try {
        const { welcomeScreen } = await server.ssrLoadModule('/src/prerender.ts');
        this.emitFile({ type: 'asset', fileName: 'prerendered/welcome.html', source: welcomeScreen() });
      } finally {
        await server.close();
      }
    },
  };
}

export default defineConfig({
  plugins: [svelte(), espeakVoices(), preloadFlags(), prerenderWelcome()],
  // eSpeak NG's engine (776 kB) is a chunk of its own, loaded only when a line needs it.
  // The code the first screen shares with the later screens (Svelte, the
  // bindings) is one file rather than four: each is a request through the
  // webview to Go while the window starts.
  build: {
    target: 'es2022',
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      // Drawing the welcome takes about a second, on purpose: no warning for it.
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [{ name: 'start', test: /node_modules[\\/]svelte[\\/]|src[\\/]api[\\/]|preload-helper|lib[\\/]voice[\\/]wav/ }],
        },
      },
    },
  },
  test: { include: ['src/**/*.test.ts'] },
});
