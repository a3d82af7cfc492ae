/**
 * Where the inside views get their input from elsewhere in the app: a gallery image becomes a
 * button that chooses it (pressed while it is the chosen one), and the drawing pad gets a button
 * that looks inside with the drawn digit, and "Try an image" one that looks inside with the picture.
 */
import { type ReactNode, useMemo } from 'react';
import { pixelsToUnit } from '../../engine/data/mnist';
import { kairoStore, useKairo } from '../../store/index';
import { useT } from '../useT';

export function InsidePick({ index, children }: { index: number; children: ReactNode }) {
  const t = useT();
  const chosen = useKairo((state) => state.insideInput.kind === 'test' && state.insideInput.index === index);
  return (
    <button
      type="button"
      className={`inside-pick${chosen ? ' is-chosen' : ''}`}
      aria-pressed={chosen}
      title={t('inside.pickTitle')}
      onClick={() => kairoStore.getState().setInsideInput({ kind: 'test', index })}
      data-testid="inside-pick"
      data-index={index}
    >
      {children}
    </button>
  );
}

interface LookInsideProps {
  /** The sample in the model's input shape, as the data set stores its values; null while there is none. */
  values: Float32Array | null;
  origin: 'drawing' | 'image';
  testId: string;
}

function LookInside({ values, origin, testId }: LookInsideProps) {
  const t = useT();
  const chosen = useKairo((state) => state.insideInput.kind === 'sample' && state.insideInput.values === values);
  return (
    <button
      type="button"
      className="btn tp-pad-clear"
      disabled={!values}
      aria-pressed={chosen}
      title={t(origin === 'drawing' ? 'inside.lookInsideTitle' : 'inside.lookInsideImageTitle')}
      onClick={() => {
        if (values) kairoStore.getState().setInsideInput({ kind: 'sample', values, origin });
      }}
      data-testid={testId}
    >
      {t('inside.lookInside')}
    </button>
  );
}

/** The drawing pad's button: the prepared digit becomes the inside views' input. */
export function LookInsideButton({ values }: { values: Float32Array | null }) {
  return <LookInside values={values} origin="drawing" testId="drawing-look-inside" />;
}

/**
 * "Try an image"'s button: the picture as the worker prepared it (bytes 0..255 in the model's
 * input shape) becomes the inside views' input, scaled to 0..1 by the same function the image
 * data sets use for their samples (src/engine/data/imageSamples.ts; pure, no tfjs).
 */
export function LookInsideWithPicture({ pixels }: { pixels: Uint8Array | null }) {
  const values = useMemo(() => (pixels ? pixelsToUnit(pixels) : null), [pixels]);
  return <LookInside values={values} origin="image" testId="try-image-look-inside" />;
}
