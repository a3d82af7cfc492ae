/** The app's one document session, made on first use from the browser's storages and channel. */
import { kairoStore } from '../../store/index';
import type { KeyValueStorage } from '../../store/files';
import { DOCUMENTS_CHANNEL, DocumentSession, type SessionEnvironment } from './documentSession';

function webStorage(name: 'sessionStorage' | 'localStorage'): KeyValueStorage | null {
  try {
    return typeof window === 'undefined' ? null : window[name];
  } catch {
    // Storage switched off: this tab then simply does not remember its document across reloads.
    return null;
  }
}

export function browserEnvironment(): SessionEnvironment {
  return {
    tabStorage: webStorage('sessionStorage'),
    legacyStorage: webStorage('localStorage'),
    openChannel: typeof BroadcastChannel === 'undefined' ? null : () => new BroadcastChannel(DOCUMENTS_CHANNEL),
  };
}

let session: DocumentSession | undefined;

export function appDocumentSession(): DocumentSession {
  session ??= new DocumentSession(kairoStore, browserEnvironment());
  return session;
}
