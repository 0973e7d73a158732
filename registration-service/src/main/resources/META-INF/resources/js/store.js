// The identities of this browser in IndexedDB: {id, mpinId, token, hid, userId, clientId,
// otpServiceUrl, createdAt}. Never a client secret, never a PIN.
const DB_NAME = 'zeropin';
const STORE = 'identities';

function open() {
  return new Promise((resolve, reject) => {
    if (!('indexedDB' in window)) {
      reject(new Error('IndexedDB is not available'));
      return;
    }
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore(STORE, { keyPath: 'id' });
      store.createIndex('clientId', 'clientId');
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function run(mode, action) {
  return open().then((db) => new Promise((resolve, reject) => {
    const tx = db.transaction(STORE, mode);
    const result = action(tx.objectStore(STORE));
    tx.oncomplete = () => { db.close(); resolve(result.result); };
    tx.onerror = () => { db.close(); reject(tx.error); };
  }));
}

export function listIdentities(clientId) {
  return run('readonly', (store) => store.index('clientId').getAll(clientId))
    .then((all) => all.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
}

export function listAllIdentities() {
  return run('readonly', (store) => store.getAll())
    .then((all) => all.sort((a, b) => a.createdAt.localeCompare(b.createdAt)));
}

export function getIdentity(id) {
  return run('readonly', (store) => store.get(id));
}

export function saveIdentity(identity) {
  return run('readwrite', (store) => store.put(identity)).then(() => identity);
}

export function deleteIdentity(id) {
  return run('readwrite', (store) => store.delete(id));
}
