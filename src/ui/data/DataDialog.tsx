/**
 * The data view: what the graph trains on (thumbnails per class, or a table's columns), whether this
 * browser has it, bringing data in (pick or drop a folder, a zip or a table; built-in tables), and
 * the data sets stored in this browser with their size and a delete button. Opened from the top
 * bar, the dataset node and its inspector, and by dropping data on the canvas.
 */
import { useState } from 'react';
import { datasetNode } from '../../../nodes/dataset';
import { dataRequestOf, datasetSettingsOf, storageKeyOf } from '../../engine/data/request';
import { kairoStore, useKairo } from '../../store/index';
import { Modal } from '../chrome/Modal';
import { useT } from '../useT';
import { ClassGrid, TableColumns } from './DataPreview';
import type { DataStatus } from './dataStatus';
import { ImageImport, ImportOutcome, importDefaults, TableImport } from './ImportPanel';
import { droppedData, dragHasFiles, type PickedData } from './pickedFiles';
import { StoredDatasets } from './StoredDatasets';
import { useGraphDataStatus, useStoredDatasetsOnStart } from './useDataStatus';
import './data.css';

/** Data dropped somewhere else (the canvas) on its way into the view. */
let handedOver: PickedData | undefined;

/** Opens the data view with dropped or picked data ready to import. */
export function openDataViewWith(data: PickedData): void {
  handedOver = data;
  kairoStore.getState().openDataView();
}

function CurrentData({ status }: { status: DataStatus }) {
  const t = useT();
  const kind = (reference: { kind: string }) => t(reference.kind === 'images' ? 'data.kind.images' : 'data.kind.table');
  switch (status.state) {
    case 'mnist':
      return <p data-testid="data-current" data-state="mnist">{t('data.current.mnist')}</p>;
    case 'notChosen':
      return (
        <p className="tp-note" data-testid="data-current" data-state="notChosen">
          {t(status.source === 'images' ? 'data.current.chooseImages' : 'data.current.chooseTable')}
        </p>
      );
    case 'checking':
      return <p className="muted" data-testid="data-current" data-state="checking">{t('data.current.checking')}</p>;
    case 'missing':
      return (
        <div className="tp-note tp-note--error" role="alert" data-testid="data-current" data-state="missing" data-code="DATA_NOT_STORED">
          <p>{t('engine.DATA_NOT_STORED', { name: status.reference.name })}</p>
          <p className="small">
            {status.other ? t('data.ref.otherSize', { name: status.reference.name }) : t('data.current.pickAgain', { kind: kind(status.reference), classes: status.reference.classNames.join(', ') })}
          </p>
        </div>
      );
    case 'builtin':
      return (
        <div data-testid="data-current" data-state="builtin">
          <p>{t('data.current.builtin', { name: status.reference.name })}</p>
          <TableColumns reference={status.reference} />
        </div>
      );
    case 'ready':
      return (
        <div data-testid="data-current" data-state="ready">
          <p>{t('data.current.ready', { name: status.reference.name, kind: kind(status.reference) })}</p>
          {status.reference.kind === 'images' ? <ClassGrid meta={status.meta} /> : <TableColumns reference={status.reference} columns={status.meta.columns} />}
        </div>
      );
  }
}

function DataViewDialog() {
  const t = useT();
  const status = useGraphDataStatus();
  const params = useKairo((state) => state.graph.nodes.find((node) => node.type === datasetNode.type)?.params);
  const inUseKey = useKairo((state) => {
    const settings = datasetSettingsOf(state.graph);
    const request = settings ? dataRequestOf(settings) : undefined;
    return request && request.source !== 'mnist' ? storageKeyOf(request) : undefined;
  });
  const [picked, setPicked] = useState<PickedData>(() => {
    const data = handedOver ?? { kind: 'none' };
    handedOver = undefined;
    return data;
  });
  const [dragging, setDragging] = useState(false);

  return (
    <Modal title={t('data.title')} onClose={() => kairoStore.getState().closeDataView()} closeLabel={t('data.close')} wide testId="data-view">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a drop target; every import has a button too. */}
      <div
        className={`data-view${dragging ? ' is-dragging' : ''}`}
        data-testid="data-drop"
        onDragOver={(event) => {
          if (!dragHasFiles(event.dataTransfer)) return;
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
          setDragging(true);
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          void droppedData(event.dataTransfer).then(setPicked);
        }}
      >
        <section className="data-section">
          <h3>{t('data.current.title')}</h3>
          <CurrentData status={status} />
        </section>
        <section className="data-section">
          <h3>{t('data.import.title')}</h3>
          <p className="muted small">{t('data.import.drop')}</p>
          <div className="data-import">
            <ImageImport defaults={importDefaults(params)} picked={picked.kind === 'images' ? picked : undefined} onPicked={setPicked} />
            <TableImport file={picked.kind === 'table' ? picked.file : undefined} onPicked={setPicked} />
          </div>
          <ImportOutcome />
        </section>
        <StoredDatasets inUseKey={status.state === 'ready' ? inUseKey : undefined} />
      </div>
    </Modal>
  );
}

/** Mounted once by the app: lists the stored data on start; shows the view while it is open. */
export function DataDialog() {
  useStoredDatasetsOnStart();
  const open = useKairo((state) => state.dataView.open);
  return open ? <DataViewDialog /> : null;
}
