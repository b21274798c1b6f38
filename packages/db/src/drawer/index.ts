// Drawer sessions (DESIGN.md §8): events recorded exactly once, X and Z reports, the day's cash-up.
export { recordDrawerEvent, type RecordedDrawerEvent } from "./record";
export { drawerCashUp, getDrawerSession, listDrawerSessions, sessionActivity, type ZSnapshot } from "./report";
