/** The inside views' failures as sentences: their own codes from the inside dictionary, the engine's from its. */
import type { EngineMessage } from '../../engine/failures';
import type { InsideFailure, InsideFailureCode } from '../../worker/inspect';
import type { Translate } from '../training/trainingText';

export const INSIDE_FAILURE_CODES: readonly InsideFailureCode[] = ['NODE_NOT_IN_MODEL', 'INSPECTION_FAILED', 'STEP_FAILED', 'LABEL_OUT_OF_RANGE'];

function isInsideFailure(failure: EngineMessage | InsideFailure): failure is InsideFailure {
  return (INSIDE_FAILURE_CODES as readonly string[]).includes(failure.code);
}

export function describeInsideFailure(
  failure: EngineMessage | InsideFailure,
  t: Translate,
  describeEngineMessage: (message: EngineMessage, t: Translate) => string,
): string {
  return isInsideFailure(failure) ? t(`inside.failure.${failure.code}`, failure.vars) : describeEngineMessage(failure, t);
}
