/**
 * Bringing data in: a folder of class folders (directory picker or drop), a .zip of one, an optional
 * separate test folder or zip, with the size, colour and fit to decode at; or a CSV/TSV table with
 * its label column and feature columns; or a built-in table. The worker decodes and stores; this
 * panel shows progress with a cancel, then what was imported and which files were skipped and why.
 */
import { useEffect, useRef, useState } from 'react';
import { IMAGE_SIZE_CHOICES } from '../../../nodes/dataset';
import type { FitMode } from '../../engine/data/imageFit';
import { formatCount } from '../../i18n/index';
import { useKairo } from '../../store/index';
import type { TableInspection } from '../../worker/api';
import { describeEngineMessage } from '../training/trainingText';
import { useT } from '../useT';
import { cancelImport, chooseBuiltinTable, importImages, importTable, inspectTable } from './dataActions';
import { type PickedData, pickedFile, pickedFolder } from './pickedFiles';

export const IMAGE_SIZES: readonly number[] = IMAGE_SIZE_CHOICES;

type PickedImages = Extract<PickedData, { kind: 'images' }>;

function FileButton({
  label,
  accept,
  directory,
  testId,
  onPick,
}: {
  label: string;
  accept?: string;
  directory?: boolean;
  testId: string;
  onPick(files: FileList): void;
}) {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // React has no typed prop for it; the attribute makes the picker choose a folder.
    if (directory) input.current?.setAttribute('webkitdirectory', '');
  }, [directory]);
  return (
    <label className="btn data-file-button">
      {label}
      <input
        ref={input}
        type="file"
        accept={accept}
        hidden
        data-testid={testId}
        onChange={(event) => {
          const files = event.target.files;
          if (files && files.length > 0) onPick(files);
          event.target.value = '';
        }}
      />
    </label>
  );
}

function pickedSummary(picked: PickedImages | undefined, t: ReturnType<typeof useT>): string {
  if (!picked) return t('data.import.nothing');
  if (picked.images.zip) return picked.images.zip.name;
  return t('data.import.files', { name: picked.name, count: picked.images.files.length });
}

export interface ImportDefaults {
  size: number;
  channels: 1 | 3;
  fit: FitMode;
}

export function ImageImport({ defaults, picked, onPicked }: { defaults: ImportDefaults; picked: PickedImages | undefined; onPicked(data: PickedData): void }) {
  const t = useT();
  const busy = useKairo((state) => state.dataImport.status === 'importing');
  const [test, setTest] = useState<PickedImages | undefined>();
  const [size, setSize] = useState(defaults.size);
  const [channels, setChannels] = useState<1 | 3>(defaults.channels);
  const [fit, setFit] = useState<FitMode>(defaults.fit);
  const takeTest = (data: PickedData) => setTest(data.kind === 'images' ? data : undefined);

  return (
    <section className="data-import-card" data-testid="import-images">
      <h3>{t('data.import.imagesTitle')}</h3>
      <p className="muted small">{t('data.import.imagesHint')}</p>
      <div className="data-row">
        <FileButton label={t('data.import.folder')} directory testId="import-folder-input" onPick={(files) => onPicked(pickedFolder(files))} />
        <FileButton label={t('data.import.zip')} accept=".zip,application/zip" testId="import-zip-input" onPick={(files) => onPicked(pickedFile(files[0]))} />
      </div>
      <p className="data-picked" data-testid="import-picked">
        {pickedSummary(picked, t)}
      </p>
      <details className="data-test-pick">
        <summary>{t('data.import.testTitle')}</summary>
        <div className="data-row">
          <FileButton label={t('data.import.testFolder')} directory testId="import-test-folder-input" onPick={(files) => takeTest(pickedFolder(files))} />
          <FileButton label={t('data.import.testZip')} accept=".zip,application/zip" testId="import-test-zip-input" onPick={(files) => takeTest(pickedFile(files[0]))} />
        </div>
        <p className="muted small">{test ? pickedSummary(test, t) : t('data.import.noTest')}</p>
      </details>
      <div className="data-settings">
        <label>
          <span>{t('data.import.size')}</span>
          <select value={size} onChange={(event) => setSize(Number(event.target.value))} data-testid="import-size">
            {IMAGE_SIZES.map((option) => (
              <option key={option} value={option}>{`${option}×${option}`}</option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('data.import.colour')}</span>
          <select value={channels} onChange={(event) => setChannels(event.target.value === '1' ? 1 : 3)} data-testid="import-colour">
            <option value={3}>{t('data.import.rgb')}</option>
            <option value={1}>{t('data.import.grey')}</option>
          </select>
        </label>
        <label>
          <span>{t('data.import.fit')}</span>
          <select value={fit} onChange={(event) => setFit(event.target.value as FitMode)} data-testid="import-fit">
            {(['squash', 'crop', 'pad'] as const).map((mode) => (
              <option key={mode} value={mode}>
                {t(`data.import.fit.${mode}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <button
        type="button"
        className="btn btn--primary"
        disabled={!picked || busy}
        onClick={() => {
          if (!picked) return;
          void importImages({ name: picked.name, train: picked.images, ...(test ? { test: test.images } : {}), settings: { size, channels, fit } });
        }}
        data-testid="import-start"
      >
        {t('data.import.start')}
      </button>
    </section>
  );
}

export function TableImport({ file, onPicked }: { file: File | undefined; onPicked(data: PickedData): void }) {
  const t = useT();
  const language = useKairo((state) => state.language);
  const busy = useKairo((state) => state.dataImport.status === 'importing');
  const [test, setTest] = useState<File | undefined>();
  const [inspection, setInspection] = useState<TableInspection | null>(null);
  const [label, setLabel] = useState('');
  const [features, setFeatures] = useState<string[]>([]);

  useEffect(() => {
    let current = true;
    setInspection(null);
    if (!file) return;
    void inspectTable(file).then((result) => {
      if (!current) return;
      setInspection(result);
      if (result.ok) {
        setLabel(result.labelColumn);
        setFeatures(result.featureColumns);
      }
    });
    return () => {
      current = false;
    };
  }, [file]);

  const columns = inspection?.ok ? inspection.columns : [];
  return (
    <section className="data-import-card" data-testid="import-table">
      <h3>{t('data.import.tableTitle')}</h3>
      <p className="muted small">{t('data.import.tableHint')}</p>
      <div className="data-row">
        <FileButton label={t('data.import.table')} accept=".csv,.tsv,.txt,text/csv,text/tab-separated-values" testId="import-table-input" onPick={(files) => onPicked(pickedFile(files[0]))} />
        <FileButton label={t('data.import.testTable')} accept=".csv,.tsv,.txt,text/csv" testId="import-test-table-input" onPick={(files) => setTest(files[0])} />
      </div>
      <p className="data-picked" data-testid="import-table-picked">
        {file ? `${file.name}${test ? ` + ${test.name}` : ''}` : t('data.import.nothing')}
      </p>
      {inspection && !inspection.ok ? (
        <p className="tp-note tp-note--error" role="alert" data-testid="import-table-error" data-code={inspection.failure.code}>
          {describeEngineMessage(inspection.failure, t)}
        </p>
      ) : null}
      {inspection?.ok ? (
        <>
          <label className="data-label-pick">
            <span>{t('data.import.label')}</span>
            <select
              value={label}
              onChange={(event) => {
                const next = event.target.value;
                setLabel(next);
                setFeatures((current) => [...current.filter((name) => name !== next), ...(label && label !== next ? [label] : [])]);
              }}
              data-testid="import-label"
            >
              {columns.map((column) => (
                <option key={column.name} value={column.name}>
                  {column.name}
                </option>
              ))}
            </select>
          </label>
          <fieldset className="data-features">
            <legend>{t('data.import.features', { count: formatCount(inspection.rows, language) })}</legend>
            {columns
              .filter((column) => column.name !== label)
              .map((column) => (
                <label key={column.name}>
                  <input
                    type="checkbox"
                    checked={features.includes(column.name)}
                    onChange={(event) =>
                      setFeatures((current) => (event.target.checked ? [...current, column.name] : current.filter((name) => name !== column.name)))
                    }
                    data-testid={`import-feature-${column.name}`}
                  />
                  {column.name} <span className="muted small">{t(`data.columns.kind.${column.kind}`)}</span>
                </label>
              ))}
          </fieldset>
        </>
      ) : null}
      <button
        type="button"
        className="btn btn--primary"
        disabled={!file || !inspection?.ok || busy}
        onClick={() => {
          if (!file) return;
          const order = columns.map((column) => column.name).filter((name) => features.includes(name));
          void importTable({ file, ...(test ? { test } : {}), labelColumn: label, featureColumns: order });
        }}
        data-testid="import-table-start"
      >
        {t('data.import.start')}
      </button>
      <div className="data-builtins">
        <span className="muted small">{t('data.import.builtins')}</span>
        <button type="button" className="btn" onClick={() => void chooseBuiltinTable('iris')} data-testid="use-builtin-iris">
          {t('data.builtin.iris')}
        </button>
        <button type="button" className="btn" onClick={() => void chooseBuiltinTable('penguins')} data-testid="use-builtin-penguins">
          {t('data.builtin.penguins')}
        </button>
      </div>
    </section>
  );
}

/** Progress with a cancel while importing; then what was imported and skipped, or why it failed. */
export function ImportOutcome() {
  const t = useT();
  const language = useKairo((state) => state.language);
  const state = useKairo((store) => store.dataImport);
  if (state.status === 'idle') return null;
  if (state.status === 'importing') {
    const progress = state.progress;
    const fraction = progress?.total ? progress.loaded / progress.total : 0;
    return (
      <div className="data-progress" role="status" data-testid="import-progress" data-status="importing" data-loaded={progress?.loaded ?? 0}>
        <span>{progress?.total ? t('data.import.progress', { done: progress.loaded, total: progress.total }) : t('data.import.reading')}</span>
        <progress max={1} value={fraction} />
        <button type="button" className="btn" onClick={() => void cancelImport()} data-testid="import-cancel">
          {t('data.import.cancel')}
        </button>
      </div>
    );
  }
  if (state.status === 'failed' && state.failure.code === 'DATA_LOAD_CANCELLED') {
    // The user's own choice, not an error: said plainly, with what it left as it was.
    return (
      <p className="tp-note" role="status" data-testid="import-progress" data-status="cancelled" data-code={state.failure.code}>
        {t('data.import.cancelled')}
      </p>
    );
  }
  if (state.status === 'failed') {
    return (
      <p className="tp-note tp-note--error" role="alert" data-testid="import-progress" data-status="failed" data-code={state.failure.code}>
        {describeEngineMessage(state.failure, t)}
      </p>
    );
  }
  const { reference, meta, seconds } = state.result;
  const total = reference.trainCounts.reduce((sum, count) => sum + count, 0) + reference.testCounts.reduce((sum, count) => sum + count, 0);
  return (
    <div className="data-result" role="status" data-testid="import-progress" data-status="done" data-classes={reference.classNames.length} data-seconds={seconds.toFixed(3)}>
      <p>
        {t('data.import.done', {
          name: reference.name,
          classes: reference.classNames.length,
          count: formatCount(total, language),
          seconds: seconds.toFixed(1),
        })}
      </p>
      {meta.skippedCount > 0 ? (
        <details className="data-skipped" data-testid="import-skipped" data-count={meta.skippedCount}>
          <summary>{t('data.import.skipped', { count: meta.skippedCount })}</summary>
          <ul>
            {meta.skipped.map((file) => (
              <li key={file.path} data-reason={file.reason}>
                <code>{file.path}</code> — {t(`data.skip.${file.reason}`)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** The import defaults: the dataset node's own size, colour and fit. */
export function importDefaults(params: Record<string, unknown> | undefined): ImportDefaults {
  const size = typeof params?.imageSize === 'number' && IMAGE_SIZES.includes(params.imageSize) ? params.imageSize : 32;
  const fit = params?.fit === 'crop' || params?.fit === 'pad' ? params.fit : 'squash';
  return { size, channels: params?.color === 'grey' ? 1 : 3, fit };
}
