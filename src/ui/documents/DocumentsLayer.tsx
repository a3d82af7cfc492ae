/** Everything about kept documents the editor shows: the notices above the canvas and the Recent dialog. */
import { DocumentNotices } from './DocumentNotices';
import { RecentDialog } from './RecentDialog';
import './documents.css';

export function DocumentsLayer() {
  return (
    <>
      <DocumentNotices />
      <RecentDialog />
    </>
  );
}
