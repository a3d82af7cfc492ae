import type { Page } from '@playwright/test';
import { DB_NAME } from '../../src/storage/db';
import { TAB_DOCUMENT_KEY } from '../../src/store/files';

/** The stored text of this tab's document, read straight from IndexedDB (undefined when there is none). */
export async function storedDocumentText(page: Page): Promise<string | undefined> {
  return page.evaluate(
    ([databaseName, tabKey]) =>
      new Promise<string | undefined>((resolve, reject) => {
        const id = sessionStorage.getItem(tabKey ?? '');
        if (id === null) {
          resolve(undefined);
          return;
        }
        const request = indexedDB.open(databaseName ?? '');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const get = db.transaction('documents').objectStore('documents').get(id);
          get.onsuccess = () => {
            db.close();
            resolve((get.result as { text?: string } | undefined)?.text);
          };
          get.onerror = () => reject(get.error);
        };
      }),
    [DB_NAME, TAB_DOCUMENT_KEY],
  );
}

/** Waits until this tab's document is on screen (the stored one, or the first visit's). */
export async function waitForDocuments(page: Page): Promise<void> {
  await page.locator('html[data-documents="ready"]').waitFor({ state: 'attached' });
}
