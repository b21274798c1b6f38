export * from "./index";
export { drainLock, leaseLock, type BrowserDrainLock, type LeaseOptions } from "./lock";
export { IndexedDbOutbox } from "./outbox/indexeddb";
