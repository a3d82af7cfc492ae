/**
 * Everything the browser worker's backend choice needs from the browser: WebGL and WebGPU probes,
 * the WebGPU backend on demand, and the WASM backend from the app's own assets (threaded where the
 * page is cross-origin isolated). Browser only: Node starts WASM with initWasmBackend directly.
 */
import type { Graph } from '../graph/types';
import { backendTimingStore } from '../storage/backendTimings';
import type { BackendChoice, BackendEnvironment } from './backend';
import { probeWebGLRenderer, webglWorksInWorkers } from './backend';
import { chooseBackendForModel } from './backendTiming';
import { chooseWasmThreadsForModel, withThreadChoice } from './threadTiming';
import { loadWebGPUBackend, probeWebGPU } from './gpuBackends';
import { threadedWasmSourcesForBrowser, wasmPathsForBrowser } from './wasm/browserPaths';
import { initWasmBackend, wasmThreadsInUse } from './wasm/setup';
import { simdKernels } from './wasm/simd/kernels';

type Tf = typeof import('@tensorflow/tfjs');

/** The worker's BackendEnvironment for selectBackend. */
export function browserBackendEnvironment(): BackendEnvironment {
  return {
    probeRenderer: probeWebGLRenderer,
    probeWebGPU: () => probeWebGPU(),
    loadWebGPU: () => loadWebGPUBackend(),
    webglInWorker: webglWorksInWorkers(globalThis.navigator?.userAgent),
    async activateWasm(tf: Tf) {
      const result = await initWasmBackend(tf, {
        wasmPaths: wasmPathsForBrowser(),
        threaded: threadedWasmSourcesForBrowser(),
        fallbackToCpu: false,
      });
      if (result.error) throw new Error(result.error);
      return result.backend === 'wasm';
    },
    wasmHasSimd: async (tf: Tf) => Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')),
    wasmThreads: (tf: Tf) => {
      const { threads, threadsCode } = wasmThreadsInUse(tf);
      return { threads, threadsCode };
    },
    wasmSimdKernels: (tf: Tf) => simdKernels(tf.backend()) !== undefined,
  };
}

/**
 * After compile in auto mode where several backends could train on a real GPU: the remembered or
 * timed fastest one for this model (see backendTiming.ts); then, on WASM with all cores, the
 * remembered or timed best thread count for it (threadTiming.ts).
 */
export async function chooseBackendForModelInBrowser(
  tf: Tf,
  choice: BackendChoice,
  graph: Pick<Graph, 'nodes' | 'edges'>,
  options: { threads?: boolean } = {},
): Promise<BackendChoice> {
  const deviceName = [choice.renderer, choice.reasonVars?.renderer].filter((part) => part !== undefined).join(' / ');
  const backend =
    choice.timingCandidates === undefined
      ? choice
      : await chooseBackendForModel(tf, choice, graph, browserBackendEnvironment(), { cache: backendTimingStore, deviceName });
  // Only a backend whose threads are Kairo's to choose has a thread switch (see threadTiming.ts).
  if (options.threads === false || backend.backend !== 'wasm') return backend;
  try {
    return withThreadChoice(backend, await chooseWasmThreadsForModel(tf, graph, { cache: backendTimingStore }));
  } catch {
    return backend; // the trial failed (it leaves all threads on): train as before, on all of them
  }
}

