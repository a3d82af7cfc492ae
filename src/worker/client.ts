/**
 * Main-thread side of the training worker: starts it, wraps it with Comlink and notices when it
 * fails. Comlink alone hides both a worker that never loads (its calls just never answer) and one
 * that dies, so this module listens to the Worker's 'error' / 'messageerror' events, requires a
 * startup handshake within a time limit, and makes every pending and later call reject once the
 * worker has failed. A failed worker is terminated; start a fresh one with startKairoWorker().
 */
import * as Comlink from 'comlink';
import type { EngineMessage, EngineMessageCode, MessageVars } from '../engine/failures';
import { type KairoWorkerApi, WORKER_PROTOCOL_VERSION, type WorkerHello } from './api';

export type WorkerFailureKind = 'load-failed' | 'startup-timeout' | 'crashed' | 'message-error' | 'terminated' | 'forced';

/** What happened to the worker (`kind`, for what to do next) and the message for the user. */
export interface WorkerFailure extends EngineMessage<Extract<EngineMessageCode, `WORKER_${string}`>> {
  kind: WorkerFailureKind;
}

/** The error every call rejects with after the worker failed. */
export class WorkerFailedError extends Error {
  readonly failure: WorkerFailure;

  constructor(failure: WorkerFailure) {
    super(`${failure.code} ${JSON.stringify(failure.vars)}`);
    this.name = 'WorkerFailedError';
    this.failure = failure;
  }
}

export interface KairoWorker {
  /** The worker API. Every call rejects with WorkerFailedError once the worker has failed. */
  readonly api: Comlink.Remote<KairoWorkerApi>;
  /** Resolves when the worker answered the handshake; rejects with WorkerFailedError otherwise. */
  readonly ready: Promise<WorkerHello>;
  /** Set once the worker failed (then it is already terminated). */
  readonly failure: WorkerFailure | undefined;
  /** Called once, when the worker fails; returns an unsubscribe function. */
  onFailure(listener: (failure: WorkerFailure) => void): () => void;
  /** Whether the worker answers a ping within `timeoutMs` (a long synchronous step can delay it). */
  isResponsive(timeoutMs?: number): Promise<boolean>;
  /** Ends the worker; later calls reject. */
  terminate(): void;
}

export interface StartWorkerOptions {
  /** How long the worker may take to load and answer the handshake (default 30 s). */
  startupTimeoutMs?: number;
  /** Replaces the real worker (tests). */
  createWorker?: () => Worker;
}

function createTrainingWorker(): Worker {
  return new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'kairo-training' });
}

/** Starts the training worker. Never throws: a failure shows up in `ready`, `failure` and onFailure. */
export function startKairoWorker(options: StartWorkerOptions = {}): KairoWorker {
  const startupTimeoutMs = options.startupTimeoutMs ?? 30_000;
  const listeners = new Set<(failure: WorkerFailure) => void>();
  let failure: WorkerFailure | undefined;
  let handshakeDone = false;
  let rejectFailed: (error: WorkerFailedError) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    rejectFailed = reject;
  });
  failed.catch(() => {}); // observed through `ready` and the calls; never an unhandled rejection

  let worker: Worker | undefined;
  let remote: Comlink.Remote<KairoWorkerApi> | undefined;

  const fail = (next: WorkerFailure) => {
    if (failure) return;
    failure = next;
    worker?.terminate();
    remote?.[Comlink.releaseProxy]();
    rejectFailed(new WorkerFailedError(next));
    for (const listener of listeners) {
      try {
        listener(next);
      } catch {
        // A listener's mistake must not keep the others from hearing about the failure.
      }
    }
  };

  try {
    worker = (options.createWorker ?? createTrainingWorker)();
    worker.addEventListener('error', (event: ErrorEvent) => {
      event.preventDefault();
      const vars: MessageVars = event.message ? { detail: event.message } : {};
      fail(
        handshakeDone
          ? { kind: 'crashed', code: 'WORKER_CRASHED', vars }
          : { kind: 'load-failed', code: 'WORKER_LOAD_FAILED', vars },
      );
    });
    worker.addEventListener('messageerror', () => {
      fail({ kind: 'message-error', code: 'WORKER_MESSAGE_ERROR', vars: {} });
    });
    remote = Comlink.wrap<KairoWorkerApi>(worker);
  } catch (error) {
    fail({ kind: 'load-failed', code: 'WORKER_START_FAILED', vars: { detail: error instanceof Error ? error.message : String(error) } });
  }

  const guardedCall = (name: string, args: unknown[]): Promise<unknown> => {
    if (failure || !remote) {
      return Promise.reject(new WorkerFailedError(failure ?? { kind: 'load-failed', code: 'WORKER_START_FAILED', vars: {} }));
    }
    // Comlink's Remote is a Proxy: every property is a callable that posts the call to the worker.
    const method = (remote as unknown as Record<string, (...callArgs: unknown[]) => Promise<unknown>>)[name];
    if (!method) return Promise.reject(new Error(`Unknown worker method ${name}`));
    return Promise.race([method(...args), failed]);
  };

  const api = new Proxy(
    {},
    {
      get(_target, name) {
        // `then` must stay undefined, or awaiting the api object would call into the worker.
        if (typeof name !== 'string' || name === 'then') return undefined;
        return (...args: unknown[]) => guardedCall(name, args);
      },
    },
  ) as Comlink.Remote<KairoWorkerApi>;

  const ready = new Promise<WorkerHello>((resolve, reject) => {
    if (failure) {
      reject(new WorkerFailedError(failure));
      return;
    }
    const timer = setTimeout(() => {
      fail({ kind: 'startup-timeout', code: 'WORKER_STARTUP_TIMEOUT', vars: { seconds: Math.round(startupTimeoutMs / 1000) } });
    }, startupTimeoutMs);
    (api.hello() as Promise<WorkerHello>).then(
      (hello) => {
        clearTimeout(timer);
        if (hello.protocol !== WORKER_PROTOCOL_VERSION) {
          // A cached worker script from another version of the app: its answers cannot be trusted.
          fail({
            kind: 'load-failed',
            code: 'WORKER_PROTOCOL_MISMATCH',
            vars: { found: hello.protocol, expected: WORKER_PROTOCOL_VERSION },
          });
          reject(new WorkerFailedError(failure as WorkerFailure));
          return;
        }
        handshakeDone = true;
        resolve(hello);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
  ready.catch(() => {}); // callers that only use onFailure must not see an unhandled rejection

  return {
    api,
    ready,
    get failure() {
      return failure;
    },
    onFailure(listener) {
      if (failure) {
        listener(failure);
        return () => {};
      }
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async isResponsive(timeoutMs = 5_000) {
      if (failure) return false;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      try {
        return await Promise.race([api.hello().then(() => true as const), timeout]);
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    terminate() {
      fail({ kind: 'terminated', code: 'WORKER_STOPPED', vars: {} });
    },
  };
}
