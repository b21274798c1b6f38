export { recordRefund } from "./record";
