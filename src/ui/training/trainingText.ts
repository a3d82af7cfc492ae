/**
 * Words and numbers of the training panel: the backend and why, run errors, durations, rates.
 * The worker reports codes and values; these turn them into sentences in the current language.
 */
import { isSoftwareRenderer, shortRendererName } from '../../engine/backend';
import { engineMessageKey } from '../../engine/failures';
import { describeBackendChoice } from '../backendText';
import type { DictionaryKey, Language, TranslateVars } from '../../i18n/index';
import type { RunError } from '../../store/runSlice';
import type { BackendChoice, BackendName, EngineMessage } from '../../worker/api';

export type Translate = (key: DictionaryKey, vars?: TranslateVars) => string;

export function backendLabel(backend: BackendName | string, simd?: boolean): string {
  if (backend === 'webgl') return 'WebGL';
  if (backend === 'wasm') return simd ? 'WASM (SIMD)' : 'WASM';
  if (backend === 'cpu') return 'CPU';
  return backend;
}

/** Why this backend runs, e.g. "no hardware GPU found (WebGL renderer: SwiftShader)", from the worker's reason code. */
export function backendReason(choice: BackendChoice, t: Translate): string {
  const renderer = choice.renderer ? shortRendererName(choice.renderer) : '?';
  switch (choice.reasonCode) {
    case 'chosen':
      return choice.backend === 'webgl' && choice.renderer && isSoftwareRenderer(choice.renderer)
        ? t('training.why.chosenSlow')
        : t('training.why.chosen');
    case 'gpu':
      return t('training.why.gpu', { renderer });
    case 'no-gpu':
      return t('training.why.noGpu', { renderer });
    case 'no-webgl':
      return t('training.why.noWebgl');
    case 'webgl-failed':
      return t('training.why.webglFailed');
    case 'wasm-failed':
      return t('training.why.wasmFailed');
    default:
      return choice.reason;
  }
}

/** "WASM (SIMD) — no hardware GPU found (WebGL renderer: SwiftShader)". */
export function describeBackend(choice: BackendChoice, t: Translate): string {
  return describeBackendChoice(choice, t);
}

/** What the engine said, as a sentence in the current language. */
export function describeEngineMessage(message: EngineMessage, t: Translate): string {
  return t(engineMessageKey(message.code), message.vars);
}

/** The technical detail behind an engine message (a tfjs or browser error), for a tooltip; '' when none. */
export function engineMessageDetail(message: EngineMessage): string {
  const detail = message.vars.detail;
  return detail === undefined ? '' : String(detail);
}

/** The engine's message behind a failed run (undefined for compile problems, which are listed instead). */
export function runErrorMessage(error: RunError): EngineMessage | undefined {
  return error.kind === 'compile' ? undefined : error.failure;
}

/** A failed run in words (compile problems are listed separately by the panel). */
export function describeRunError(error: RunError, t: Translate): string {
  const message = runErrorMessage(error);
  return message ? describeEngineMessage(message, t) : t('training.error.compile');
}

/** Whether the fix is a fresh worker (the panel then offers "Restart engine" first). */
export function needsRestart(error: RunError): boolean {
  return error.kind === 'engine' || (error.kind === 'training' && error.failure.code === 'WEBGL_CONTEXT_LOST');
}

/** 7 s, 2:05, 1:02:03. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '—';
  const whole = Math.round(seconds);
  if (whole < 60) return `${whole} s`;
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${secs}` : `${minutes}:${secs}`;
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(digits);
}

// Formatters are costly to create and the panel formats numbers several times a second.
const formatters = new Map<string, Intl.NumberFormat>();

function formatter(language: Language, maximumFractionDigits: number): Intl.NumberFormat {
  const key = `${language}:${maximumFractionDigits}`;
  let cached = formatters.get(key);
  if (!cached) {
    cached = new Intl.NumberFormat(language === 'ja' ? 'ja-JP' : 'en-US', { maximumFractionDigits });
    formatters.set(key, cached);
  }
  return cached;
}

/** 1,234 (the same grouping as the rest of the editor). */
export function formatInteger(value: number, language: Language): string {
  return formatter(language, 0).format(value);
}

export function formatRate(value: number, language: Language): string {
  return formatter(language, value < 100 ? 1 : 0).format(value);
}

export function formatMegabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
