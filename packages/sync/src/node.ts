export * from "./index";
export { FileOutbox } from "./outbox/file";
