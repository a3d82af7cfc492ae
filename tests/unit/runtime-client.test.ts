import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { WORKER_PROTOCOL_VERSION } from '../../src/worker/api';
import { startKairoWorker, WorkerFailedError, type WorkerFailure } from '../../src/worker/client';

/** A stand-in for a Worker: the main thread's end of a MessageChannel, with terminate(). */
function channelWorker(exposed: object): { worker: Worker; close: () => void } {
  const channel = new MessageChannel();
  Comlink.expose(exposed, channel.port1);
  const port = channel.port2 as MessagePort & { terminate?: () => void };
  port.terminate = () => port.close();
  return {
    worker: port as unknown as Worker,
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** A Worker whose script never runs: it only ever fires what the test dispatches. */
function silentWorker(): Worker & EventTarget {
  const target = new EventTarget() as EventTarget & { postMessage: () => void; terminate: () => void };
  target.postMessage = () => {};
  target.terminate = () => {};
  return target as unknown as Worker & EventTarget;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

describe('startKairoWorker', () => {
  it('resolves `ready` once the worker answers the handshake, and calls go through', async () => {
    const { worker, close } = channelWorker({
      hello: () => ({ protocol: WORKER_PROTOCOL_VERSION, backend: 'wasm' }),
      stop: () => undefined,
    });
    cleanups.push(close);
    const handle = startKairoWorker({ createWorker: () => worker });
    await expect(handle.ready).resolves.toEqual({ protocol: WORKER_PROTOCOL_VERSION, backend: 'wasm' });
    await expect(handle.api.stop()).resolves.toBeUndefined();
    expect(await handle.isResponsive(1000)).toBe(true);
    expect(handle.failure).toBeUndefined();
    handle.terminate();
    expect(handle.failure?.kind).toBe('terminated');
    await expect(handle.api.stop()).rejects.toBeInstanceOf(WorkerFailedError);
  });

  it('reports a worker whose script fails to load (an error event before the handshake)', async () => {
    const worker = silentWorker();
    const handle = startKairoWorker({ createWorker: () => worker });
    const failures: WorkerFailure[] = [];
    handle.onFailure((failure) => failures.push(failure));
    worker.dispatchEvent(new Event('error'));
    await expect(handle.ready).rejects.toMatchObject({ failure: { kind: 'load-failed' } });
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ kind: 'load-failed', code: 'WORKER_LOAD_FAILED' });
    // A call made after the failure does not hang.
    await expect(handle.api.selectBackend('auto')).rejects.toBeInstanceOf(WorkerFailedError);
  });

  it('gives up on a worker that never answers the handshake', async () => {
    const handle = startKairoWorker({ createWorker: silentWorker, startupTimeoutMs: 50 });
    await expect(handle.ready).rejects.toMatchObject({ failure: { kind: 'startup-timeout', code: 'WORKER_STARTUP_TIMEOUT', vars: { seconds: 0 } } });
  });

  it('rejects a call in flight when the worker dies, instead of leaving it pending forever', async () => {
    const { worker, close } = channelWorker({
      hello: () => ({ protocol: WORKER_PROTOCOL_VERSION, backend: undefined }),
      // A training run that would never end on its own.
      train: () => new Promise(() => {}),
    });
    cleanups.push(close);
    const handle = startKairoWorker({ createWorker: () => worker });
    await handle.ready;
    const run = handle.api.train(Comlink.proxy(() => {}));
    (worker as unknown as EventTarget).dispatchEvent(new Event('error'));
    await expect(run).rejects.toMatchObject({ failure: { kind: 'crashed', code: 'WORKER_CRASHED' } });
    expect(await handle.isResponsive(100)).toBe(false);
  });

  it('refuses a worker from another version of the app', async () => {
    const { worker, close } = channelWorker({ hello: () => ({ protocol: WORKER_PROTOCOL_VERSION + 1, backend: undefined }) });
    cleanups.push(close);
    const handle = startKairoWorker({ createWorker: () => worker });
    await expect(handle.ready).rejects.toMatchObject({
      failure: { kind: 'load-failed', code: 'WORKER_PROTOCOL_MISMATCH', vars: { found: WORKER_PROTOCOL_VERSION + 1, expected: WORKER_PROTOCOL_VERSION } },
    });
  });

  it('a fresh worker can be started after one failed', async () => {
    const broken = startKairoWorker({ createWorker: silentWorker, startupTimeoutMs: 20 });
    await expect(broken.ready).rejects.toBeInstanceOf(WorkerFailedError);
    const { worker, close } = channelWorker({ hello: () => ({ protocol: WORKER_PROTOCOL_VERSION, backend: 'cpu' }) });
    cleanups.push(close);
    const fresh = startKairoWorker({ createWorker: () => worker });
    await expect(fresh.ready).resolves.toMatchObject({ backend: 'cpu' });
  });
});
