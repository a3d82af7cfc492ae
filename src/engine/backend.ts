/**
 * Which tfjs backend trains the model, and why. In a browser worker: WebGL when it runs on a real
 * GPU, WASM (SIMD) when WebGL is a software renderer or missing, CPU when WASM fails too. On a
 * CPU-only machine WebGL runs on a software rasteriser (SwiftShader) that trains the course CNN
 * more than ten times slower than WASM, so the renderer string decides.
 */
type Tf = typeof import('@tensorflow/tfjs');

export type BackendName = 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/**
 * Why the backend was chosen, for a UI that words it in its own language:
 * 'chosen' (the user asked for it), 'gpu' (WebGL on a hardware GPU), 'no-gpu' (WebGL is a software
 * renderer), 'no-webgl' (no WebGL context at all), 'webgl-failed' (WebGL would not start),
 * 'wasm-failed' (CPU because WASM would not start).
 */
export type BackendReasonCode = 'chosen' | 'gpu' | 'no-gpu' | 'no-webgl' | 'webgl-failed' | 'wasm-failed';

export interface BackendChoice {
  backend: BackendName;
  /** What the user asked for. */
  preference: BackendPreference;
  /** One sentence for the UI, e.g. "WASM — no hardware GPU found (WebGL renderer: SwiftShader)". */
  reason: string;
  reasonCode: BackendReasonCode;
  /** The WebGL renderer string, when WebGL could be probed. */
  renderer?: string;
  /** For WASM: whether SIMD instructions are available (several times faster). */
  simd?: boolean;
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

/** What selectBackend needs from its surroundings (the worker passes the real ones, tests fakes). */
export interface BackendEnvironment {
  probeRenderer(): RendererProbe;
  /** Registers and activates the WASM backend (paths, our kernels); false or a throw when it cannot. */
  activateWasm(tf: Tf): Promise<boolean>;
  /** Whether the active WASM module uses SIMD. */
  wasmHasSimd(tf: Tf): Promise<boolean>;
}

async function activate(tf: Tf, name: 'webgl' | 'cpu'): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function activateWasmSafely(tf: Tf, env: BackendEnvironment): Promise<{ ok: boolean; simd?: boolean; error?: string }> {
  try {
    const ok = await env.activateWasm(tf);
    if (!ok || tf.getBackend() !== 'wasm') return { ok: false, error: 'the WASM backend did not start' };
    return { ok: true, simd: await env.wasmHasSimd(tf).catch(() => false) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

function wasmLabel(simd: boolean | undefined): string {
  return simd ? 'WASM (SIMD)' : 'WASM';
}

/**
 * Activates a backend for `preference` and says why. Never throws: when everything else fails the
 * CPU backend remains (it is part of tfjs and needs nothing from the browser).
 */
export async function selectBackend(tf: Tf, preference: BackendPreference, env: BackendEnvironment): Promise<BackendChoice> {
  const probe = preference === 'cpu' || preference === 'wasm' ? undefined : env.probeRenderer();
  const renderer = probe?.renderer;
  const withRenderer = (choice: Omit<BackendChoice, 'renderer' | 'preference'>): BackendChoice => ({
    ...choice,
    preference,
    ...(renderer ? { renderer } : {}),
  });
  const fallBackToCpu = async (why: string, reasonCode: BackendReasonCode): Promise<BackendChoice> => {
    await activate(tf, 'cpu');
    return withRenderer({ backend: 'cpu', reason: `CPU — ${why}`, reasonCode });
  };
  const tryWasm = async (why: string, reasonCode: BackendReasonCode): Promise<BackendChoice> => {
    const wasm = await activateWasmSafely(tf, env);
    if (wasm.ok) {
      return withRenderer({ backend: 'wasm', reason: `${wasmLabel(wasm.simd)} — ${why}`, reasonCode, simd: wasm.simd ?? false });
    }
    return fallBackToCpu(`WASM failed to start (${wasm.error ?? 'unknown error'})`, 'wasm-failed');
  };

  if (preference === 'cpu') return fallBackToCpu('chosen by you (the slowest backend)', 'chosen');
  if (preference === 'wasm') return tryWasm('chosen by you', 'chosen');

  if (preference === 'webgl') {
    if (await activate(tf, 'webgl')) {
      const note = renderer && isSoftwareRenderer(renderer) ? ' (software renderer: expect it to be slow)' : '';
      return withRenderer({ backend: 'webgl', reason: `WebGL — chosen by you${note}`, reasonCode: 'chosen' });
    }
    return tryWasm(`WebGL could not start${probe?.error ? ` (${probe.error})` : ''}`, 'webgl-failed');
  }

  // auto
  if (!probe?.available) return tryWasm(`WebGL is not available${probe?.error ? ` (${probe.error})` : ''}`, 'no-webgl');
  if (renderer && isSoftwareRenderer(renderer)) {
    return tryWasm(`no hardware GPU found (WebGL renderer: ${shortRendererName(renderer)})`, 'no-gpu');
  }
  if (await activate(tf, 'webgl')) {
    return withRenderer({
      backend: 'webgl',
      reason: `WebGL — GPU found (${shortRendererName(renderer || 'unknown renderer')})`,
      reasonCode: 'gpu',
    });
  }
  return tryWasm('WebGL could not start on this GPU', 'webgl-failed');
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
