// The Emscripten modules have no types of their own.
declare module '@echogarden/fvad-wasm' {
  const factory: (moduleArg?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
declare module '@echogarden/espeak-ng-emscripten' {
  const factory: (moduleArg?: Record<string, unknown>) => Promise<unknown>;
  export default factory;
}
