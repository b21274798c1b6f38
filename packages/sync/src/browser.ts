export * from "./index";
export { IndexedDbOutbox } from "./outbox/indexeddb";
