/** The inside views' input as the worker takes it, and when to ask the worker again. */
import { useEffect, useState } from 'react';
import type { InsideInput } from '../../store/insideSlice';
import { useKairo } from '../../store/index';
import type { InspectInput } from '../../worker/inspect';

export function inputForWorker(input: InsideInput): InspectInput {
  return input.kind === 'test' ? { kind: 'test', index: input.index } : { kind: 'sample', values: input.values };
}

/** A string that changes exactly when the input does (a drawing is new whenever its array is). */
const drawingIds = new WeakMap<Float32Array, number>();
let nextDrawingId = 1;

export function inputKey(input: InsideInput): string {
  if (input.kind === 'test') return `test:${input.index}`;
  let id = drawingIds.get(input.values);
  if (id === undefined) {
    id = nextDrawingId++;
    drawingIds.set(input.values, id);
  }
  return `sample:${id}`;
}

/** While training, the views refresh this often: the weights keep changing within an epoch, and reading them costs the worker a few milliseconds between batches. */
const TRAINING_REFRESH_MS = 3000;

const modelIds = new WeakMap<object, number>();
let nextModelId = 1;

function idOf(model: object | null): number {
  if (!model) return 0;
  let id = modelIds.get(model);
  if (id === undefined) {
    id = nextModelId++;
    modelIds.set(model, id);
  }
  return id;
}

/**
 * A key that changes when what the model holds may have changed: a new model, an epoch ended, the
 * run ended, and every couple of seconds while it trains.
 */
export function useModelVersion(): string {
  const model = useKairo((state) => state.model);
  const status = useKairo((state) => state.run.status);
  const epochsDone = useKairo((state) => {
    const run = state.run;
    if (run.status === 'done') return run.history.length;
    if (run.status !== 'training' && run.status !== 'paused') return 0;
    const { epoch, batch, batchesPerEpoch } = run.progress;
    return batch >= batchesPerEpoch ? epoch : epoch - 1;
  });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    if (status !== 'training') return;
    const timer = setInterval(() => setTick((value) => value + 1), TRAINING_REFRESH_MS);
    return () => clearInterval(timer);
  }, [status]);
  return `${idOf(model)}:${epochsDone}:${status}:${status === 'training' ? tick : 0}`;
}

/**
 * Asks the worker whenever `key` changes, one request at a time: a change while one is in flight
 * asks again once it has answered, so answers never pile up behind a busy worker.
 */
export function useWorkerAnswer<T>(key: string, ask: () => Promise<T>): { answer: T | null; pending: boolean } {
  const [answer, setAnswer] = useState<{ key: string; value: T } | null>(null);
  const [state] = useState(() => ({ inFlight: false, wanted: '', mounted: true, ask }));
  state.ask = ask;
  const [, rerender] = useState(0);
  useEffect(() => {
    state.mounted = true;
    return () => {
      state.mounted = false;
    };
  }, [state]);
  useEffect(() => {
    state.wanted = key;
    const run = () => {
      if (state.inFlight || !state.mounted) return;
      state.inFlight = true;
      const asked = state.wanted;
      void state.ask().then((value) => {
        state.inFlight = false;
        if (!state.mounted) return;
        setAnswer({ key: asked, value });
        if (state.wanted !== asked) run();
        else rerender((count) => count + 1);
      });
    };
    run();
  }, [key, state]);
  return { answer: answer?.value ?? null, pending: answer?.key !== key };
}
