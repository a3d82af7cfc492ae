import { closeKairoDb, DB_NAME } from '../../src/storage/db';

/** Closes Kairo's database and deletes it (fake-indexeddb), so each test starts from nothing stored. */
export async function deleteKairoDb(): Promise<void> {
  await closeKairoDb();
  await new Promise<void>((resolve) => {
    const request = indexedDB.deleteDatabase(DB_NAME);
    request.onsuccess = () => resolve();
    request.onerror = () => resolve();
  });
}
