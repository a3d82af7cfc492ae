/**
 * The backend in use and why, in the user's language: "WASM (SIMD, 2 threads) — no hardware GPU
 * found (WebGL renderer: SwiftShader); on all 2 CPU cores". Built from the worker's codes and
 * values (BackendChoice), never from its English sentence.
 */
import type { DictionaryKey, TranslateVars } from '../i18n/index';
import type { BackendChoice, BackendName, BackendTiming, ThreadTiming } from '../worker/api';

type Translate = (key: DictionaryKey, vars?: TranslateVars) => string;

const PLAIN_LABEL: Record<Exclude<BackendName, 'wasm'>, DictionaryKey> = {
  webgpu: 'backend.label.webgpu',
  webgl: 'backend.label.webgl',
  cpu: 'backend.label.cpu',
};

/** "WebGL", "WASM (SIMD, 2 threads)". */
export function backendChoiceLabel(choice: Pick<BackendChoice, 'backend' | 'simd' | 'threads'>, t: Translate): string {
  if (choice.backend !== 'wasm') return t(PLAIN_LABEL[choice.backend]);
  if (choice.simd && choice.threads !== undefined && choice.threads > 1) return t('backend.label.wasmThreads', { threads: choice.threads });
  return t(choice.simd ? 'backend.label.wasmSimd' : 'backend.label.wasm');
}

function backendName(backend: BackendName, t: Translate): string {
  return backend === 'wasm' ? t('backend.label.wasm') : t(PLAIN_LABEL[backend]);
}

/** "WebGPU 12 ms/step · WebGL 20 ms/step · WASM failed". */
export function timingText(timings: readonly BackendTiming[], t: Translate): string {
  return timings
    .map((timing) =>
      timing.msPerStep === null
        ? t('backend.timing.failed', { backend: backendName(timing.backend, t) })
        : t('backend.timing.ms', { backend: backendName(timing.backend, t), ms: timing.msPerStep.toFixed(timing.msPerStep < 10 ? 1 : 0) }),
    )
    .join(' · ');
}

function reasonText(choice: BackendChoice, t: Translate): string {
  const renderer = String(choice.reasonVars?.renderer ?? choice.renderer ?? '?');
  const figures = timingText(choice.timings ?? [], t);
  switch (choice.reasonCode) {
    case 'chosen':
      return choice.backend === 'webgl' && /swiftshader|llvmpipe|software/i.test(choice.renderer ?? '')
        ? t('training.why.chosenSlow')
        : t('training.why.chosen');
    case 'gpu':
      return t('training.why.gpu', { renderer });
    case 'timed':
      return t('backend.why.timed', { figures });
    case 'remembered':
      return t('backend.why.remembered', { figures });
    case 'no-gpu':
      return t('training.why.noGpu', { renderer });
    case 'no-webgl':
      return t('training.why.noWebgl');
    case 'no-worker-webgl':
      return t('backend.why.noWorkerWebgl');
    case 'webgl-failed':
      return t('training.why.webglFailed');
    case 'webgpu-failed':
      return t('backend.why.webgpuFailed');
    case 'wasm-failed':
      return t('training.why.wasmFailed');
    default:
      return choice.reason;
  }
}

const THREADS_TEXT: Record<NonNullable<BackendChoice['threadsCode']>, DictionaryKey> = {
  threads: 'backend.threads.threads',
  chosen: 'backend.threads.chosen',
  'not-isolated': 'backend.threads.notIsolated',
  'no-shared-memory': 'backend.threads.noSharedMemory',
  'one-core': 'backend.threads.oneCore',
  'threads-failed': 'backend.threads.failed',
  'model-timed': 'backend.threads.modelTimed',
  'model-remembered': 'backend.threads.modelRemembered',
};

/** "2 threads 1.6 ms/step · 1 thread 0.9 ms/step". */
export function threadTimingText(timings: readonly ThreadTiming[], t: Translate): string {
  return timings
    .map((timing) => {
      if (timing.msPerStep === null) {
        return timing.threads === 1 ? t('backend.threads.timingFailedOne') : t('backend.threads.timingFailed', { threads: timing.threads });
      }
      const ms = timing.msPerStep.toFixed(timing.msPerStep < 10 ? 1 : 0);
      return timing.threads === 1 ? t('backend.threads.timingOne', { ms }) : t('backend.threads.timing', { threads: timing.threads, ms });
    })
    .join(' · ');
}

/** How many threads WASM computes on and why: "on all 2 CPU cores", "on 1 of 2 threads: … (figures)". */
export function wasmThreadsText(
  choice: Pick<BackendChoice, 'threads' | 'threadsAvailable' | 'threadTimings'> & { threadsCode: NonNullable<BackendChoice['threadsCode']> },
  t: Translate,
): string {
  return t(THREADS_TEXT[choice.threadsCode], {
    threads: choice.threads ?? 1,
    available: choice.threadsAvailable ?? choice.threads ?? 1,
    figures: threadTimingText(choice.threadTimings ?? [], t),
  });
}

/** The whole line: label — reason; threads (WASM only). */
export function describeBackendChoice(choice: BackendChoice, t: Translate): string {
  const { threadsCode } = choice;
  const threads = choice.backend === 'wasm' && threadsCode !== undefined ? `; ${wasmThreadsText({ ...choice, threadsCode }, t)}` : '';
  return `${backendChoiceLabel(choice, t)} — ${reasonText(choice, t)}${threads}`;
}
