/**
 * English texts of the backend choice (which engine trains and why), spread into en.ts. The
 * worker says why with a code and values; src/ui/backendText.ts puts these together.
 */
export const backendEn = {
  'training.backendOption.webgpu': 'WebGPU (GPU)',
  'backend.label.webgpu': 'WebGPU',
  'backend.label.webgl': 'WebGL',
  'backend.label.wasm': 'WASM',
  'backend.label.wasmSimd': 'WASM (SIMD)',
  'backend.label.wasmThreads': 'WASM (SIMD, {threads} threads)',
  'backend.label.cpu': 'CPU',
  'backend.why.timed': 'the fastest for this model in a trial of a few training steps ({figures})',
  'backend.why.remembered': 'the fastest for a model of this size on this device when measured earlier ({figures})',
  'backend.why.noWorkerWebgl': 'this browser cannot run WebGL in the background worker that Kairo trains in',
  'backend.why.webgpuFailed': 'WebGPU could not start',
  'backend.threads.threads': 'on all {threads} CPU cores',
  'backend.threads.chosen': 'on {threads} threads, as set',
  'backend.threads.notIsolated':
    'on one thread only: the page is not cross-origin isolated, so the browser does not let threads share memory',
  'backend.threads.noSharedMemory': 'on one thread only: this browser cannot share memory between threads',
  'backend.threads.oneCore': 'on one thread: this device reports a single CPU core',
  'backend.threads.failed': 'on one thread only: the multi-threaded engine did not start',
  'backend.threads.modelTimed': 'on {threads} of {available} threads: the fastest for this model in a short trial of its training ({figures})',
  'backend.threads.modelRemembered':
    'on {threads} of {available} threads: the fastest for a model of this size on this device when measured earlier ({figures})',
  'backend.threads.timing': '{threads} threads {ms} ms/step',
  'backend.threads.timingOne': '1 thread {ms} ms/step',
  'backend.threads.timingFailed': '{threads} threads failed',
  'backend.threads.timingFailedOne': '1 thread failed',
  'backend.timing.ms': '{backend} {ms} ms/step',
  'backend.timing.failed': '{backend} failed',
} as const;
