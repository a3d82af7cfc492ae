// The thread workers' entry script of tfjs-backend-wasm's threaded build, shipped as a string in
// a CommonJS module without typings.
declare module '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js' {
  export const wasmWorkerContents: string;
}
