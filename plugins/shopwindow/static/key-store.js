// Remembering a device: the content key itself (a non-extractable CryptoKey: it can decrypt, and its
// bytes can never be read) in IndexedDB, under the job's slug, with the wrapped key it came from, so
// that a new access code (another wrapped key) drops what was remembered.

function database() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open("shopwindow", 1);
    request.onupgradeneeded = () => request.result.createObjectStore("keys");
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function store(mode, action) {
  const db = await database();
  return new Promise((resolve, reject) => {
    const transaction = db.transaction("keys", mode);
    const request = action(transaction.objectStore("keys"));
    transaction.oncomplete = () => { db.close(); resolve(request && request.result); };
    transaction.onerror = () => { db.close(); reject(transaction.error); };
  });
}

export function forget(slug) {
  return store("readwrite", (keys) => keys.delete(slug));
}

// Kept, and the browser asked not to clear the site's storage when it needs room. (Safari still
// clears a site's storage after 7 days of use without a visit to it: the form says so.)
export function remember(slug, key, wrapped) {
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  return store("readwrite", (keys) => keys.put({ key, wrapped }, slug));
}

// The key remembered for this slug and wrapped key, or null (none, another code since, or no storage).
export async function recall(slug, wrapped) {
  try {
    const entry = await store("readonly", (keys) => keys.get(slug));
    if (!entry) return null;
    if (entry.wrapped !== wrapped) {
      await forget(slug);
      return null;
    }
    return entry.key;
  } catch {
    return null;
  }
}
