/** The app's one training session, and the hook the training panel's components reach it through. */
import { useEffect } from 'react';
import { kairoStore, useKairo } from '../../store/index';
import { TrainingSession } from './trainingSession';

export const trainingSession = new TrainingSession(kairoStore);

/**
 * The session. While `warm` is true (the panel is open) the worker is started and the backend
 * chosen, so the panel names the backend before the first run.
 */
export function useTrainingSession(warm = false): TrainingSession {
  const engine = useKairo((state) => state.engine);
  const failed = useKairo((state) => state.run.status === 'failed' && state.run.error.kind === 'engine');
  useEffect(() => {
    // After an engine failure the user restarts on purpose; starting one silently would hide it.
    if (warm && engine === 'off' && !failed) void trainingSession.warmUp();
  }, [warm, engine, failed]);
  return trainingSession;
}
