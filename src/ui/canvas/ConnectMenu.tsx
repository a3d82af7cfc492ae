/**
 * Wiring without a mouse: Enter on a focused port opens this list of the ports it may be wired to
 * (free inputs first; an occupied one says whose wire it would replace). Arrow keys choose, Enter
 * connects, Escape closes; focus returns to the port either way.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { kairoStore, selectAnalysis, useKairo } from '../../store/index';
import { shapeLabel } from '../shapeText';
import { useT } from '../useT';
import { handleElement, useConnectMenu } from './connectMenuState';
import { connectAndTell, connectChoices, describePort, type PortChoice } from './wiring';

const MENU_WIDTH = 300;
const MENU_MAX_HEIGHT = 320;

export function ConnectMenu() {
  const t = useT();
  const from = useConnectMenu((state) => state.from);
  const anchor = useConnectMenu((state) => state.anchor);
  const graph = useKairo((state) => state.graph);
  const analysis = useKairo(selectAnalysis);
  const choices = useMemo(() => (from ? connectChoices(graph, from) : []), [graph, from]);
  const [active, setActive] = useState(0);
  const list = useRef<HTMLDivElement>(null);
  const baseId = useId();

  // A new port starts at the top of its list, with the keyboard in the list.
  useEffect(() => {
    setActive(0);
    if (from) list.current?.focus();
  }, [from]);

  if (!from || !anchor) return null;

  const close = () => {
    useConnectMenu.getState().close();
    // The handle may have been re-rendered; find it again by its port.
    requestAnimationFrame(() => handleElement(from)?.focus());
  };

  const choose = (choice: PortChoice | undefined) => {
    if (!choice) return;
    if (connectAndTell(choice.request)) {
      const state = kairoStore.getState();
      if (!choice.replaces) {
        state.showToast(
          t('editor.wiring.connected', { from: describePort(state.graph, from), to: describePort(state.graph, choice.target) }),
          'info',
          'connected',
        );
      }
      close();
    }
  };

  const left = Math.max(8, Math.min(window.innerWidth - MENU_WIDTH - 8, from.side === 'out' ? anchor.x + 12 : anchor.x - MENU_WIDTH - 12));
  const top = Math.max(8, Math.min(window.innerHeight - MENU_MAX_HEIGHT - 8, anchor.y - 24));
  const fromText = describePort(graph, from);
  const outputShape = from.side === 'out' ? shapeLabel(analysis.nodes[from.nodeId]?.outputs[from.port]) : undefined;
  const optionId = (index: number) => `${baseId}-option-${index}`;

  return (
    <div
      className="connect-menu nokey nowheel nodrag nopan"
      role="dialog"
      aria-label={t(from.side === 'out' ? 'editor.wiring.menuFromOutput' : 'editor.wiring.menuFromInput', { port: fromText })}
      style={{ left, top, width: MENU_WIDTH, maxHeight: MENU_MAX_HEIGHT }}
      data-testid="connect-menu"
    >
      <p className="connect-menu-head">
        {t(from.side === 'out' ? 'editor.wiring.menuFromOutput' : 'editor.wiring.menuFromInput', { port: fromText })}
        {outputShape ? <span className="connect-menu-shape">{outputShape}</span> : null}
      </p>
      {choices.length === 0 ? (
        <p className="connect-menu-empty" data-testid="connect-menu-empty">
          {t('editor.wiring.menuEmpty')}
        </p>
      ) : null}
      <div
        ref={list}
        className="connect-menu-list"
        role="listbox"
        tabIndex={0}
        aria-label={t('editor.wiring.menuList')}
        aria-activedescendant={choices.length > 0 ? optionId(active) : undefined}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((index) => Math.min(choices.length - 1, index + 1));
          else if (event.key === 'ArrowUp') setActive((index) => Math.max(0, index - 1));
          else if (event.key === 'Home') setActive(0);
          else if (event.key === 'End') setActive(Math.max(0, choices.length - 1));
          else if (event.key === 'Enter' || event.key === ' ') choose(choices[active]);
          else if (event.key === 'Escape' || event.key === 'Tab') close();
          else return;
          event.preventDefault();
          event.stopPropagation();
        }}
        onBlur={(event) => {
          if (!event.currentTarget.parentElement?.contains(event.relatedTarget as Node | null)) useConnectMenu.getState().close();
        }}
        data-testid="connect-menu-list"
      >
        {choices.map((choice, index) => (
          // biome-ignore lint/a11y/useKeyWithClickEvents lint/a11y/useFocusableInteractive: the listbox has the focus and the keys (aria-activedescendant).
          <div
            key={`${choice.target.nodeId}:${choice.target.port}`}
            id={optionId(index)}
            role="option"
            aria-selected={index === active}
            className={`connect-menu-option${index === active ? ' is-active' : ''}`}
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => choose(choice)}
            data-testid={`connect-option-${choice.target.nodeId}-${choice.target.port}`}
          >
            <span>{describePort(graph, choice.target)}</span>
            {choice.replaces ? <span className="connect-menu-note">{t('editor.wiring.replaces', { from: choice.replaces })}</span> : null}
          </div>
        ))}
      </div>
      <p className="connect-menu-hint muted small">{t('editor.wiring.menuHint')}</p>
    </div>
  );
}
