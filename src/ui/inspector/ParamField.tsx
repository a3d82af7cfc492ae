/**
 * One param's input, chosen by its ParamSpec. What the user types is checked first; only a valid
 * value reaches the graph (as one undo step per field). An invalid entry stays in its box, marked,
 * with why and what the node still has, until it is fixed or Escape puts the node's value back —
 * leaving the box does not quietly undo what was typed (drafts.ts keeps it).
 */
import { type KeyboardEvent, useEffect, useId, useRef, useState } from 'react';
import type { ParamSpec } from '../../../nodes/types';
import { localized } from '../../i18n/index';
import { kairoStore, useKairo } from '../../store/index';
import type { ParamProblem } from '../../../nodes/params';
import { DataReferenceField } from '../data/DataReferenceField';
import { useT } from '../useT';
import { draftKey, useParamDrafts } from './drafts';
import { describeParamProblem, type ParamCheck, parseIntListParam, parseListItems, parseNumberParam } from './paramText';

interface FieldProps {
  nodeId: string;
  name: string;
  spec: ParamSpec;
  value: unknown;
}

function listText(value: unknown): string {
  return Array.isArray(value) ? value.join(', ') : '';
}

function useCommit(nodeId: string, name: string) {
  return (value: unknown) => kairoStore.getState().setParam(nodeId, name, value);
}

function FieldError({ id, reason, kept }: { id: string; reason: ParamProblem | null; kept: string }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  if (!reason) return null;
  return (
    <div className="field-error" id={id} role="alert" data-testid="param-error-box">
      <p data-testid="param-error">{describeParamProblem(reason, language)}</p>
      <p className="field-error-kept" data-testid="param-not-applied">
        {t('editor.param.notApplied', { value: kept === '' ? '—' : kept })}
      </p>
    </div>
  );
}

/** Escape in an invalid box puts the node's value back (and goes no further: the selection stays). */
function revertOnEscape(event: KeyboardEvent, invalid: boolean, revert: () => void): void {
  if (event.key !== 'Escape' || !invalid) return;
  event.preventDefault();
  event.stopPropagation();
  event.nativeEvent.stopImmediatePropagation();
  revert();
}

/** A text box whose draft may be invalid; the graph value changes only when it parses. */
function DraftInput<T>({
  nodeId,
  name,
  value,
  format,
  parse,
  inputMode,
  label,
  className,
}: {
  nodeId: string;
  name: string;
  value: unknown;
  format: (value: unknown) => string;
  parse: (text: string) => ParamCheck<T>;
  inputMode: 'numeric' | 'decimal' | 'text';
  label: string;
  className?: string;
}) {
  const commit = useCommit(nodeId, name);
  const errorId = useId();
  const kept = useParamDrafts.getState().drafts.get(draftKey(nodeId, name));
  const [draft, setDraft] = useState(() => kept?.texts[0] ?? format(value));
  const [reason, setReason] = useState<ParamProblem | null>(() => kept?.problem ?? null);

  const shown = format(value);
  const firstShown = useRef(shown);
  const parseRef = useRef(parse);
  parseRef.current = parse;
  const formatRef = useRef(format);
  formatRef.current = format;

  // Undo, redo or another edit changed the value: show it, unless the draft already means it
  // ("0.10" stays as typed when the value is 0.1). Not on mounting: a kept invalid entry stays.
  useEffect(() => {
    if (firstShown.current === shown) return;
    firstShown.current = shown;
    setDraft((current) => {
      const parsed = parseRef.current(current);
      return parsed.ok && formatRef.current(parsed.value) === shown ? current : shown;
    });
    setReason(null);
    useParamDrafts.getState().drop(nodeId, name);
  }, [shown, nodeId, name]);

  const revert = () => {
    setDraft(shown);
    setReason(null);
    useParamDrafts.getState().drop(nodeId, name);
  };

  return (
    <>
      <input
        type="text"
        inputMode={inputMode}
        className={`${className ?? ''}${reason ? ' is-invalid' : ''}`}
        value={draft}
        aria-label={label}
        aria-invalid={reason !== null}
        aria-describedby={reason ? errorId : undefined}
        data-testid={`param-${name}`}
        data-invalid={reason !== null}
        onChange={(event) => {
          setDraft(event.target.value);
          const parsed = parse(event.target.value);
          if (parsed.ok) {
            setReason(null);
            useParamDrafts.getState().drop(nodeId, name);
            commit(parsed.value);
          } else {
            setReason(parsed.problem);
            useParamDrafts.getState().keep(nodeId, name, { texts: [event.target.value], problem: parsed.problem });
          }
        }}
        onKeyDown={(event) => revertOnEscape(event, reason !== null, revert)}
      />
      <FieldError id={errorId} reason={reason} kept={shown} />
    </>
  );
}

const formatNumber = (value: unknown) => (typeof value === 'number' ? String(value) : '');

/** A tuple such as a kernel size: one small box per entry, committed when every box is valid. */
function TupleInput({ nodeId, name, spec, value }: FieldProps & { spec: Extract<ParamSpec, { type: 'intList' }> }) {
  const language = useKairo((state) => state.language);
  const commit = useCommit(nodeId, name);
  const errorId = useId();
  const values = Array.isArray(value) ? (value as unknown[]) : [];
  const kept = useParamDrafts.getState().drafts.get(draftKey(nodeId, name));
  const [drafts, setDrafts] = useState<string[]>(() => (kept ? [...kept.texts] : values.map(formatNumber)));
  const [reason, setReason] = useState<ParamProblem | null>(() => kept?.problem ?? null);
  const joined = values.map(formatNumber).join(',');
  const firstJoined = useRef(joined);

  useEffect(() => {
    if (firstJoined.current === joined) return;
    firstJoined.current = joined;
    setDrafts(joined === '' ? [] : joined.split(','));
    setReason(null);
    useParamDrafts.getState().drop(nodeId, name);
  }, [joined, nodeId, name]);

  const revert = () => {
    setDrafts(joined === '' ? [] : joined.split(','));
    setReason(null);
    useParamDrafts.getState().drop(nodeId, name);
  };

  const length = spec.minLength;
  const boxes = Array.from({ length }, (_, index) => drafts[index] ?? '');
  return (
    <>
      <div className="tuple">
        {boxes.map((draft, index) => (
          <input
            // biome-ignore lint/suspicious/noArrayIndexKey: a tuple's positions are fixed.
            key={index}
            type="text"
            inputMode="numeric"
            className={reason ? 'is-invalid' : ''}
            value={draft}
            aria-label={`${localized(spec.label, language)} ${index + 1}`}
            aria-invalid={reason !== null}
            aria-describedby={reason ? errorId : undefined}
            data-testid={`param-${name}-${index}`}
            data-invalid={reason !== null}
            onChange={(event) => {
              const next = [...boxes];
              next[index] = event.target.value;
              setDrafts(next);
              const checked = parseListItems(next, spec);
              if (!checked.ok) {
                setReason(checked.problem);
                useParamDrafts.getState().keep(nodeId, name, { texts: next, problem: checked.problem });
                return;
              }
              setReason(null);
              useParamDrafts.getState().drop(nodeId, name);
              commit(checked.value);
            }}
            onKeyDown={(event) => revertOnEscape(event, reason !== null, revert)}
          />
        ))}
      </div>
      <FieldError id={errorId} reason={reason} kept={values.map(formatNumber).join(' × ')} />
    </>
  );
}

export function ParamField({ nodeId, name, spec, value }: FieldProps) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const commit = useCommit(nodeId, name);
  const label = localized(spec.label, language);
  const help = spec.help ? localized(spec.help, language) : '';
  const inputId = useId();

  let control: React.ReactNode;
  switch (spec.type) {
    case 'dataRef':
      return <DataReferenceField nodeId={nodeId} label={label} />;
    case 'bool':
      return (
        <div className="field field--check" data-testid={`field-${name}`}>
          <label>
            <input
              type="checkbox"
              checked={value === true}
              onChange={(event) => commit(event.target.checked)}
              data-testid={`param-${name}`}
            />
            <span>{label}</span>
          </label>
          {help ? <p className="field-help">{help}</p> : null}
        </div>
      );
    case 'enum':
      control = (
        <select
          id={inputId}
          value={String(value)}
          onChange={(event) => commit(event.target.value)}
          data-testid={`param-${name}`}
        >
          {spec.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      );
      break;
    case 'int':
    case 'float':
      control = (
        <DraftInput
          nodeId={nodeId}
          name={name}
          value={value}
          label={label}
          format={formatNumber}
          parse={(text) => parseNumberParam(text, spec)}
          inputMode={spec.type === 'int' ? 'numeric' : 'decimal'}
        />
      );
      break;
    case 'intList':
      control =
        spec.minLength === spec.maxLength && spec.minLength <= 4 ? (
          <TupleInput nodeId={nodeId} name={name} spec={spec} value={value} />
        ) : (
          <DraftInput
            nodeId={nodeId}
            name={name}
            value={value}
            label={label}
            format={listText}
            parse={(text) => parseIntListParam(text, spec)}
            inputMode="text"
          />
        );
      break;
  }

  const range =
    (spec.type === 'int' || spec.type === 'float') && (spec.min !== undefined || spec.max !== undefined)
      ? `${spec.min ?? '−∞'} … ${spec.max ?? '∞'}`
      : spec.type === 'intList' && spec.minLength !== spec.maxLength
        ? t('inspector.listHint')
        : '';

  return (
    <div className="field" data-testid={`field-${name}`}>
      <label className="field-label" htmlFor={spec.type === 'enum' ? inputId : undefined}>
        <span>{label}</span>
        {range ? <span className="field-range">{range}</span> : null}
      </label>
      {control}
      {help ? <p className="field-help">{help}</p> : null}
    </div>
  );
}
