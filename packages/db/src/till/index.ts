// Tills (DESIGN.md §8): created by a manager, claimed by one browser at a time, bound to a device key.
export { claimTill, createTill, listTills, tillNotFound, tillStatus, updateTill } from "./manage";
