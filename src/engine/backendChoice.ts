/**
 * The automatic backend choice as pure decisions, from what the worker found out about the machine
 * (and, where several backends could train on a real GPU, from timed training steps of the actual
 * model). No tfjs, no browser: tests/unit/backend-choice.test.ts drives it with fake findings.
 */

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type GpuBackendName = 'webgpu' | 'webgl';

/** What the worker found out about the GPU APIs (probes, before any tfjs backend starts). */
export interface BackendCapabilities {
  webgl: {
    /** False when no WebGL context could be created at all. */
    available: boolean;
    renderer?: string;
    error?: string;
    /**
     * False where tfjs cannot run WebGL in a worker even though a context exists (Safari: tfjs
     * refuses OffscreenCanvas there and a worker has no document to draw a canvas from).
     */
    usableInWorker: boolean;
  };
  webgpu: {
    /** An adapter was granted (navigator.gpu.requestAdapter()). */
    available: boolean;
    /** The adapter's vendor / architecture / description, for the UI. */
    adapter?: string;
    /** A software adapter (SwiftShader, a fallback adapter): not a real GPU. */
    software?: boolean;
    error?: string;
  };
}

const SOFTWARE_RENDERER_PATTERN = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen|gdi generic/i;

/** True for renderer strings of software rasterisers (no real GPU behind WebGL). */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER_PATTERN.test(renderer);
}

/** A short, readable name for a renderer string (ANGLE wraps the interesting part in parentheses). */
export function shortRendererName(renderer: string): string {
  if (/swiftshader/i.test(renderer)) return 'SwiftShader';
  if (/llvmpipe/i.test(renderer)) return 'llvmpipe';
  if (/softpipe/i.test(renderer)) return 'softpipe';
  return renderer.length > 80 ? `${renderer.slice(0, 77)}…` : renderer;
}

/** Why no GPU backend is tried: the WASM backend's reason in auto mode. */
export type NoGpuReasonCode = 'no-gpu' | 'no-webgl' | 'no-worker-webgl';

export interface GpuPlan {
  /** GPU backends worth trying on a real GPU, the preferred first. Empty: go to WASM. */
  candidates: GpuBackendName[];
  /** Why there is no GPU backend to try (meaningful when `candidates` is empty). */
  noGpu: { code: NoGpuReasonCode; vars: Record<string, string> };
}

/**
 * Which GPU backends to try, from the probes. A software renderer or adapter is no candidate: on a
 * CPU-only machine SwiftShader trains the course CNN more than ten times slower than WASM. WebGL
 * comes first (it has run Kairo longest); when both are candidates the model's own steps decide.
 */
export function planGpuBackends(capabilities: BackendCapabilities): GpuPlan {
  const { webgl, webgpu } = capabilities;
  const candidates: GpuBackendName[] = [];
  const renderer = webgl.renderer ?? '';
  const webglOnGpu = webgl.available && !isSoftwareRenderer(renderer);
  if (webglOnGpu && webgl.usableInWorker) candidates.push('webgl');
  if (webgpu.available && webgpu.software !== true) candidates.push('webgpu');

  let noGpu: GpuPlan['noGpu'];
  if (webglOnGpu && !webgl.usableInWorker) noGpu = { code: 'no-worker-webgl', vars: {} };
  else if (webgl.available) noGpu = { code: 'no-gpu', vars: { renderer: shortRendererName(renderer || '?') } };
  else noGpu = { code: 'no-webgl', vars: {} };
  return { candidates, noGpu };
}

/** One candidate's training steps on the actual model; `msPerStep` null when it failed to run. */
export interface BackendTiming {
  backend: BackendName;
  msPerStep: number | null;
}

export interface TimedChoice {
  backend: BackendName;
  /** The timings behind the choice, fastest first, failed ones last. */
  timings: BackendTiming[];
}

/**
 * A GPU backend gives the CPU back to the page and the rest of the machine, so it keeps the job
 * unless the CPU (WASM) is clearly faster: by more than this fraction of the GPU's step time.
 */
export const CPU_MARGIN = 0.1;

/**
 * The fastest candidate from timed steps of the model. Ties within CPU_MARGIN go to a GPU backend.
 * When every candidate failed, `fallback` (WASM).
 */
export function chooseTimedBackend(timings: readonly BackendTiming[], fallback: BackendName = 'wasm'): TimedChoice {
  const measured = timings.filter((timing): timing is { backend: BackendName; msPerStep: number } =>
    timing.msPerStep !== null && Number.isFinite(timing.msPerStep) && timing.msPerStep > 0,
  );
  const failed = timings.filter((timing) => !measured.includes(timing as { backend: BackendName; msPerStep: number }));
  const sorted = [...measured].sort((a, b) => a.msPerStep - b.msPerStep);
  const ordered = [...sorted, ...failed];
  const fastest = sorted[0];
  if (fastest === undefined) return { backend: fallback, timings: ordered };
  if (fastest.backend === 'wasm' || fastest.backend === 'cpu') {
    const fastestGpu = sorted.find((timing) => timing.backend === 'webgl' || timing.backend === 'webgpu');
    if (fastestGpu !== undefined && fastestGpu.msPerStep * (1 - CPU_MARGIN) <= fastest.msPerStep) {
      return { backend: fastestGpu.backend, timings: ordered };
    }
  }
  return { backend: fastest.backend, timings: ordered };
}

/**
 * What the remembered choice is filed under: the machine (GPU names and CPU threads) and the size
 * of the model (parameters to the nearest power of two, and the batch size), since which backend
 * wins depends on both.
 */
export function backendTimingKey(device: { gpu: string; threads: number }, model: { parameters: number; batchSize: number }): string {
  const sizeClass = model.parameters > 0 ? Math.round(Math.log2(model.parameters)) : 0;
  return `${device.gpu}|threads ${device.threads}|params 2^${sizeClass}|batch ${model.batchSize}`;
}

/** "WebGPU 12 ms · WebGL 20 ms · WASM 85 ms" style figures for the reason text (failed ones as "—"). */
export function timingFigures(timings: readonly BackendTiming[], label: (backend: BackendName) => string): string {
  return timings
    .map((timing) => `${label(timing.backend)} ${timing.msPerStep === null ? '—' : `${timing.msPerStep.toFixed(timing.msPerStep < 10 ? 1 : 0)} ms`}`)
    .join(' · ');
}

/** Training steps of the model on one thread count of the WASM backend; `msPerStep` null when they failed. */
export interface ThreadTiming {
  threads: number;
  msPerStep: number | null;
}

/**
 * Fewer threads keep the job only when clearly faster, by more than this fraction of the step
 * time on all threads: a bigger batch or a busier moment tomorrow favours the full pool.
 */
export const THREAD_MARGIN = 0.1;

/**
 * The thread count to train on from timed steps of the model (the most threads first in the
 * result). The most threads unless fewer are faster by more than THREAD_MARGIN; when no count
 * could be timed, the most threads offered.
 */
export function chooseThreadCount(timings: readonly ThreadTiming[]): { threads: number; timings: ThreadTiming[] } {
  const ordered = [...timings].sort((a, b) => b.threads - a.threads);
  const valid = (timing: ThreadTiming): timing is { threads: number; msPerStep: number } =>
    timing.msPerStep !== null && Number.isFinite(timing.msPerStep) && timing.msPerStep > 0;
  const most = ordered[0]?.threads ?? 1;
  const measured = ordered.filter(valid);
  const full = measured.find((timing) => timing.threads === most);
  const fastest = [...measured].sort((a, b) => a.msPerStep - b.msPerStep)[0];
  if (fastest === undefined) return { threads: most, timings: ordered };
  if (full === undefined || fastest.msPerStep < full.msPerStep * (1 - THREAD_MARGIN)) return { threads: fastest.threads, timings: ordered };
  return { threads: most, timings: ordered };
}
