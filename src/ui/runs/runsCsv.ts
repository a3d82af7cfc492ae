/**
 * The run history as CSV: one row per run, one column per fact, headers in the user's language,
 * numbers as plain decimals (a dot, no grouping) so a spreadsheet or pandas reads them as numbers.
 */
import { type Language, translate } from '../../i18n/index';
import type { RunRecord } from '../../storage/runs';

const COLUMNS = [
  'name',
  'date',
  'status',
  'testAccuracy',
  'testLoss',
  'params',
  'seconds',
  'backend',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochsPlanned',
  'epochsRun',
  'trainLoss',
  'trainAccuracy',
  'valLoss',
  'valAccuracy',
  'trainCount',
] as const;

type Column = (typeof COLUMNS)[number];

function cell(value: string | number | null | undefined): string {
  if (value === null || value === undefined || (typeof value === 'number' && !Number.isFinite(value))) return '';
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function columnValue(run: RunRecord, column: Column): string | number | null | undefined {
  const last = run.epochs[run.epochs.length - 1];
  switch (column) {
    case 'name':
      return run.name;
    case 'date':
      return new Date(run.createdAt).toISOString();
    case 'status':
      return run.status;
    case 'testAccuracy':
      return run.testAccuracy;
    case 'testLoss':
      return run.testLoss;
    case 'params':
      return run.params;
    case 'seconds':
      return Math.round(run.seconds * 10) / 10;
    case 'backend':
      return run.backend;
    case 'optimizer':
      return run.settings.optimizer;
    case 'learningRate':
      return run.settings.learningRate;
    case 'batchSize':
      return run.settings.batchSize;
    case 'epochsPlanned':
      return run.settings.epochs;
    case 'epochsRun':
      return run.epochs.length;
    case 'trainLoss':
      return last?.loss;
    case 'trainAccuracy':
      return last?.accuracy;
    case 'valLoss':
      return last?.valLoss;
    case 'valAccuracy':
      return last?.valAccuracy;
    case 'trainCount':
      return run.settings.trainCount;
  }
}

export function runsCsv(runs: readonly RunRecord[], language: Language): string {
  const header = COLUMNS.map((column) => cell(translate(language, `runs.csv.${column}`))).join(',');
  const rows = runs.map((run) => COLUMNS.map((column) => cell(columnValue(run, column))).join(','));
  return `${[header, ...rows].join('\r\n')}\r\n`;
}
