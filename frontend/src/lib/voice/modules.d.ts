// The Emscripten modules have no types of their own.
declare module '@echogarden/fvad-wasm' {
  const factory: (moduleArg?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module '@echogarden/espeak-ng-emscripten' {
  const factory: (moduleArg?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
// The URL of the pack of eSpeak NG voices the build emits (vite.config.ts).
declare module 'virtual:espeak-voices' {
  const url: string;
  export default url;
}
