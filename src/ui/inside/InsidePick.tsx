/**
 * Where the inside views get their input from elsewhere in the app: a gallery image becomes a
 * button that chooses it (pressed while it is the chosen one), and the drawing pad gets a button
 * that looks inside with the drawn digit.
 */
import type { ReactNode } from 'react';
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

export function LookInsideButton({ values }: { values: Float32Array | null }) {
  const t = useT();
  const chosen = useKairo((state) => state.insideInput.kind === 'sample' && state.insideInput.values === values);
  return (
    <button
      type="button"
      className="btn tp-pad-clear"
      disabled={!values}
      aria-pressed={chosen}
      title={t('inside.lookInsideTitle')}
      onClick={() => {
        if (values) kairoStore.getState().setInsideInput({ kind: 'sample', values, origin: 'drawing' });
      }}
      data-testid="drawing-look-inside"
    >
      {t('inside.lookInside')}
    </button>
  );
}
