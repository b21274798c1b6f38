// Shared by the browser POS and Node tools: nothing here touches the DOM or node:*.
export type { BackoffOptions } from "./backoff";
export { createTillsyncClient, type TillsyncClient, type TillsyncClientOptions } from "./client";
export { MAX_BATCH_SIZE, SyncEngine, type DrainResult, type SyncEngineOptions, type SyncEvents, type SyncStatus } from "./engine";
export { memoryLock, webLock, type DrainLock, type LockResult } from "./lock";
export { MemoryOutbox } from "./outbox/memory";
export { OutboxMirror, type EntryChange, type MirrorChange, type MirroredStore, type OutboxMessage } from "./outbox/mirror";
export { prunableEntries, SYNCED_RETENTION_DAYS } from "./outbox/retention";
export {
  OUTBOX_FORMAT,
  isSalePayload,
  payloadKind,
  type PayloadKind,
  type Outbox,
  type OutboxCounts,
  type OutboxEntry,
  type OutboxStatus,
  type OutboxWrite,
  type Rejection,
  type Settlement,
} from "./outbox/types";
export { checkedFetch, classifyFailure, parseRetryAfter, TransportError, trpcTransport, type FailureKind, type SyncTransport } from "./transport";
