// Reports written without a connection wait in the browser (IndexedDB, which keeps photos as
// blobs) and are sent when the connection returns. Each carries the Idempotency-Key it was
// first sent with, so a report that reached the server before the connection broke is not
// made twice: the server answers a repeat with the same case.

export interface PendingReport {
  key: string; // Idempotency-Key.
  fields: [string, string][];
  photos: { name: string; blob: Blob }[];
  created: string;
}

// What to do with a waiting report after an attempt: sent (a case number came back), keep it
// for the next attempt (no connection, server unavailable), or give it up (refused as it is:
// it can never be accepted by sending it again).
export type Outcome = "sent" | "keep" | "refused";

export function outcomeOf(status: number | "network"): Outcome {
  if (status === "network") return "keep";
  if (status >= 200 && status < 300) return "sent";
  if (status === 408 || status === 429 || status >= 500) return "keep";
  return "refused";
}

const kDatabase = "ratusz";
const kStore = "outbox";

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(kDatabase, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(kStore, { keyPath: "key" });
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(kStore, mode);
      const request = work(tx.objectStore(kStore));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

export const keep = (report: PendingReport) => run("readwrite", (s) => s.put(report)).then(() => undefined);
export const waiting = () => run("readonly", (s) => s.getAll() as IDBRequest<PendingReport[]>);
export const forget = (key: string) => run("readwrite", (s) => s.delete(key)).then(() => undefined);
