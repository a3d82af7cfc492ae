/**
 * Which tfjs backend trains the model, and why. In a browser worker, automatically: a GPU backend
 * (WebGPU, WebGL) where one runs on a real GPU — several of them timed on the model itself, see
 * backendTiming.ts — otherwise WASM (SIMD, on all cores where the page is cross-origin isolated),
 * CPU when WASM fails too. On a CPU-only machine WebGL runs on a software rasteriser (SwiftShader)
 * that trains the course CNN more than ten times slower than WASM, so the renderer string decides.
 */
import {
  type BackendCapabilities,
  type BackendName,
  type BackendTiming,
  type GpuBackendName,
  isSoftwareRenderer,
  type ThreadTiming,
  planGpuBackends,
  shortRendererName,
} from './backendChoice';
import type { WasmThreadsCode } from './wasm/threads';

export { isSoftwareRenderer, shortRendererName } from './backendChoice';
export type { BackendName, BackendTiming, ThreadTiming } from './backendChoice';

type Tf = typeof import('@tensorflow/tfjs');

export type BackendPreference = 'auto' | BackendName;

/**
 * Why the backend was chosen, for a UI that words it in its own language (with `reasonVars`):
 * 'chosen' (the user asked for it), 'gpu' (a GPU backend on a hardware GPU; vars.renderer),
 * 'timed' (several backends timed on this model, the fastest won; see `timings`), 'remembered'
 * (the timed winner of an earlier run on this device for a model of this size), 'no-gpu' (WebGL
 * is a software renderer; vars.renderer), 'no-webgl' (no WebGL context at all), 'no-worker-webgl'
 * (this browser, Safari, cannot run tfjs's WebGL in a worker), 'webgl-failed' / 'webgpu-failed'
 * (that GPU backend would not start), 'wasm-failed' (CPU because WASM would not start).
 */
export type BackendReasonCode =
  | 'chosen'
  | 'gpu'
  | 'timed'
  | 'remembered'
  | 'no-gpu'
  | 'no-webgl'
  | 'no-worker-webgl'
  | 'webgl-failed'
  | 'webgpu-failed'
  | 'wasm-failed';

export interface BackendChoice {
  backend: BackendName;
  /** What the user asked for. */
  preference: BackendPreference;
  /** One English sentence for logs and tooltips, e.g. "WASM (SIMD, 2 threads) — no hardware GPU found (WebGL renderer: SwiftShader)". */
  reason: string;
  reasonCode: BackendReasonCode;
  /** Values the reason's text needs (renderer, adapter, error), by name. */
  reasonVars?: Record<string, string | number>;
  /** The WebGL renderer string, when WebGL could be probed. */
  renderer?: string;
  /** For WASM: whether SIMD instructions are available (several times faster). */
  simd?: boolean;
  /** For WASM: whether Kairo's own kernels run their SIMD loops (src/engine/wasm/simd) rather than JavaScript ones. */
  simdKernels?: boolean;
  /** For WASM: threads it computes on, and why that many. */
  threads?: number;
  threadsCode?: WasmThreadsCode;
  /** For WASM with a thread count chosen per model ('model-timed' / 'model-remembered'): threads the backend has. */
  threadsAvailable?: number;
  /** Steps of the model timed on each thread count, the most threads first. */
  threadTimings?: ThreadTiming[];
  /** Auto on a real GPU: the backends to time on the model before training (the first is active). */
  timingCandidates?: BackendName[];
  /** Steps of the model timed on each candidate ('timed', 'remembered'), fastest first. */
  timings?: BackendTiming[];
}

export interface RendererProbe {
  /** False when no WebGL context could be created at all. */
  available: boolean;
  renderer?: string;
  error?: string;
}

/**
 * Reads the WebGL renderer from a throwaway OffscreenCanvas context (before tfjs creates its own,
 * so a software renderer never gets a tfjs WebGL backend at all).
 */
export function probeWebGLRenderer(): RendererProbe {
  if (typeof OffscreenCanvas === 'undefined') return { available: false, error: 'OffscreenCanvas is not available' };
  try {
    const canvas = new OffscreenCanvas(1, 1);
    const gl =
      (canvas.getContext('webgl2') as WebGL2RenderingContext | null) ??
      (canvas.getContext('webgl') as WebGLRenderingContext | null);
    if (!gl) return { available: false, error: 'no WebGL context could be created' };
    const debugInfo = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(
      (debugInfo ? gl.getParameter(debugInfo.UNMASKED_RENDERER_WEBGL) : undefined) ?? gl.getParameter(gl.RENDERER) ?? '',
    );
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return { available: true, renderer };
  } catch (error) {
    return { available: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Safari: tfjs's WebGL backend refuses OffscreenCanvas there (IS_SAFARI) and a worker has no
 * document, so WebGL cannot train in Kairo's worker even where a context can be created.
 */
export function webglWorksInWorkers(userAgent: string | undefined): boolean {
  if (userAgent === undefined) return true;
  return !(/Safari\//.test(userAgent) && !/Chrome\/|Chromium\/|CriOS\/|Edg\/|Android/.test(userAgent));
}

/** What selectBackend needs from its surroundings (the worker passes the real ones, tests fakes). */
export interface BackendEnvironment {
  probeRenderer(): RendererProbe;
  /** The WebGPU adapter, where the API exists; absent (Node) means no WebGPU. */
  probeWebGPU?(): Promise<BackendCapabilities['webgpu']>;
  /** Whether tfjs's WebGL can run in this worker (false on Safari); default true. */
  webglInWorker?: boolean;
  /** Makes the WebGPU backend available to tfjs (loads it on demand); false when it cannot. */
  loadWebGPU?(): Promise<boolean>;
  /** Registers and activates the WASM backend (paths, our kernels); false or a throw when it cannot. */
  activateWasm(tf: Tf): Promise<boolean>;
  /** Whether the active WASM module uses SIMD. */
  wasmHasSimd(tf: Tf): Promise<boolean>;
  /** Threads of the active WASM backend and why that many. */
  wasmThreads?(tf: Tf): { threads: number; threadsCode: WasmThreadsCode };
  /** Whether Kairo's SIMD kernels loaded on the active WASM backend. */
  wasmSimdKernels?(tf: Tf): boolean;
}

async function activate(tf: Tf, name: 'webgl' | 'webgpu' | 'cpu'): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function activateGpu(tf: Tf, name: GpuBackendName, env: BackendEnvironment): Promise<boolean> {
  if (name === 'webgpu' && !(await env.loadWebGPU?.().catch(() => false))) return false;
  return activate(tf, name);
}

interface WasmStart {
  ok: boolean;
  simd?: boolean;
  simdKernels?: boolean;
  threads?: number;
  threadsCode?: WasmThreadsCode;
  error?: string;
}

async function activateWasmSafely(tf: Tf, env: BackendEnvironment): Promise<WasmStart> {
  try {
    const ok = await env.activateWasm(tf);
    if (!ok || tf.getBackend() !== 'wasm') return { ok: false, error: 'the WASM backend did not start' };
    const simdKernels = env.wasmSimdKernels?.(tf);
    return {
      ok: true,
      simd: await env.wasmHasSimd(tf).catch(() => false),
      ...env.wasmThreads?.(tf),
      ...(simdKernels !== undefined ? { simdKernels } : {}),
    };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** A started WASM backend's features as a choice records them (absent ones left out). */
function wasmFeatures(wasm: WasmStart): Pick<BackendChoice, 'simd' | 'simdKernels' | 'threads' | 'threadsCode'> {
  return {
    simd: wasm.simd ?? false,
    ...(wasm.simdKernels !== undefined ? { simdKernels: wasm.simdKernels } : {}),
    ...(wasm.threads !== undefined ? { threads: wasm.threads } : {}),
    ...(wasm.threadsCode !== undefined ? { threadsCode: wasm.threadsCode } : {}),
  };
}

/** What a backend switch leaves active: the backend and, for WASM, its features. */
export type ActiveBackend = Pick<BackendChoice, 'backend' | 'simd' | 'simdKernels' | 'threads' | 'threadsCode'>;

/** Activates `name` (a GPU backend, WASM or CPU); undefined when it does not start. Never throws. */
export async function switchBackend(tf: Tf, name: BackendName, env: BackendEnvironment): Promise<ActiveBackend | undefined> {
  if (name === 'wasm') {
    const wasm = await activateWasmSafely(tf, env);
    if (!wasm.ok) return undefined;
    return { backend: 'wasm', ...wasmFeatures(wasm) };
  }
  const ok = name === 'cpu' ? await activate(tf, 'cpu') : await activateGpu(tf, name, env);
  return ok ? { backend: name } : undefined;
}

/** "WebGL", "WASM (SIMD, 2 threads)", in English (the UI words it itself). */
export function backendLabel(active: ActiveBackend): string {
  if (active.backend === 'wasm') return wasmLabel(active.simd, active.threads);
  return active.backend === 'cpu' ? 'CPU' : GPU_LABEL[active.backend];
}

/** "WASM (SIMD, 2 threads)", in English (the UI words it itself). */
export function wasmLabel(simd: boolean | undefined, threads: number | undefined): string {
  const features = [simd ? 'SIMD' : undefined, threads !== undefined && threads > 1 ? `${threads} threads` : undefined].filter(Boolean);
  return features.length ? `WASM (${features.join(', ')})` : 'WASM';
}

const GPU_LABEL: Record<GpuBackendName, string> = { webgl: 'WebGL', webgpu: 'WebGPU' };

async function probeCapabilities(env: BackendEnvironment): Promise<BackendCapabilities> {
  const probe = env.probeRenderer();
  const webgpu = (await env.probeWebGPU?.().catch((error: unknown) => ({
    available: false,
    error: error instanceof Error ? error.message : String(error),
  }))) ?? { available: false };
  return {
    webgl: {
      available: probe.available,
      usableInWorker: env.webglInWorker ?? true,
      ...(probe.renderer !== undefined ? { renderer: probe.renderer } : {}),
      ...(probe.error !== undefined ? { error: probe.error } : {}),
    },
    webgpu,
  };
}

/**
 * Activates a backend for `preference` and says why. Never throws: when everything else fails the
 * CPU backend remains (it is part of tfjs and needs nothing from the browser).
 */
export async function selectBackend(tf: Tf, preference: BackendPreference, env: BackendEnvironment): Promise<BackendChoice> {
  const capabilities = preference === 'cpu' || preference === 'wasm' ? undefined : await probeCapabilities(env);
  const renderer = capabilities?.webgl.renderer;
  const withRenderer = (choice: Omit<BackendChoice, 'renderer' | 'preference'>): BackendChoice => ({
    ...choice,
    preference,
    ...(renderer ? { renderer } : {}),
  });
  const fallBackToCpu = async (why: string, reasonCode: BackendReasonCode, reasonVars?: Record<string, string>): Promise<BackendChoice> => {
    await activate(tf, 'cpu');
    return withRenderer({ backend: 'cpu', reason: `CPU — ${why}`, reasonCode, ...(reasonVars ? { reasonVars } : {}) });
  };
  const tryWasm = async (why: string, reasonCode: BackendReasonCode, reasonVars?: Record<string, string>): Promise<BackendChoice> => {
    const wasm = await activateWasmSafely(tf, env);
    if (wasm.ok) {
      return withRenderer({
        backend: 'wasm',
        reason: `${wasmLabel(wasm.simd, wasm.threads)} — ${why}`,
        reasonCode,
        ...(reasonVars ? { reasonVars } : {}),
        ...wasmFeatures(wasm),
      });
    }
    const error = wasm.error ?? 'unknown error';
    return fallBackToCpu(`WASM failed to start (${error})`, 'wasm-failed', { error });
  };

  if (preference === 'cpu') return fallBackToCpu('chosen by you (the slowest backend)', 'chosen');
  if (preference === 'wasm') return tryWasm('chosen by you', 'chosen');

  if (preference === 'webgl' || preference === 'webgpu') {
    // Where the probe found no WebGPU adapter, tfjs is not asked to start it at all: its failed
    // start logs warnings and leaves a half-made backend behind, and the answer is known already.
    const noAdapter = preference === 'webgpu' && capabilities?.webgpu.available !== true;
    if (!noAdapter && (await activateGpu(tf, preference, env))) {
      const note = preference === 'webgl' && renderer && isSoftwareRenderer(renderer) ? ' (software renderer: expect it to be slow)' : '';
      return withRenderer({ backend: preference, reason: `${GPU_LABEL[preference]} — chosen by you${note}`, reasonCode: 'chosen' });
    }
    if (preference === 'webgl' && capabilities?.webgl.usableInWorker === false) {
      return tryWasm('this browser cannot run WebGL in a worker', 'no-worker-webgl');
    }
    const error = preference === 'webgl' ? capabilities?.webgl.error : capabilities?.webgpu.error;
    return tryWasm(
      `${GPU_LABEL[preference]} could not start${error ? ` (${error})` : ''}`,
      preference === 'webgl' ? 'webgl-failed' : 'webgpu-failed',
      error ? { error } : undefined,
    );
  }

  // auto
  const plan = planGpuBackends(capabilities as BackendCapabilities);
  if (plan.candidates.length === 0) {
    const why =
      plan.noGpu.code === 'no-gpu'
        ? `no hardware GPU found (WebGL renderer: ${plan.noGpu.vars.renderer})`
        : plan.noGpu.code === 'no-worker-webgl'
          ? 'this browser cannot run WebGL in a worker'
          : `WebGL is not available${capabilities?.webgl.error ? ` (${capabilities.webgl.error})` : ''}`;
    return tryWasm(why, plan.noGpu.code, plan.noGpu.vars);
  }
  for (const candidate of plan.candidates) {
    if (!(await activateGpu(tf, candidate, env))) continue;
    const device = candidate === 'webgl' ? shortRendererName(renderer || 'unknown renderer') : (capabilities?.webgpu.adapter ?? 'GPU');
    return withRenderer({
      backend: candidate,
      reason: `${GPU_LABEL[candidate]} — GPU found (${device})`,
      reasonCode: 'gpu',
      reasonVars: { renderer: device },
      // Which of these trains fastest depends on the model: the worker times them once it has one.
      timingCandidates: [candidate, ...plan.candidates.filter((other) => other !== candidate), 'wasm'],
    });
  }
  const failed = plan.candidates.includes('webgl') ? 'webgl-failed' : 'webgpu-failed';
  return tryWasm(`${plan.candidates.map((name) => GPU_LABEL[name]).join(' and ')} could not start on this GPU`, failed);
}

/** The tfjs WebGL backend's canvas, to watch for a lost context. */
interface WebGLBackendInternals {
  gpgpu?: { gl?: { canvas?: EventTarget; isContextLost?: () => boolean } };
}

/**
 * Calls `onLost` once if the active WebGL backend loses its context (GPU reset, driver crash, too
 * many contexts). Returns a function that stops watching. Does nothing on other backends.
 */
export function watchWebGLContextLoss(tf: Tf, onLost: () => void): () => void {
  if (tf.getBackend() !== 'webgl') return () => {};
  const gl = (tf.backend() as unknown as WebGLBackendInternals).gpgpu?.gl;
  const canvas = gl?.canvas;
  if (!canvas || typeof canvas.addEventListener !== 'function') return () => {};
  let reported = false;
  const listener = () => {
    if (reported) return;
    reported = true;
    onLost();
  };
  canvas.addEventListener('webglcontextlost', listener);
  return () => canvas.removeEventListener('webglcontextlost', listener);
}
