export { recordDrawerEvent, type RecordedDrawerEvent } from "./record";
