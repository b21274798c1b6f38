export { recordRefund, refundFingerprint, REFUND_FINGERPRINT_VERSION } from "./record";
export { refundableSale, type RefundableDTO, type RefundableLineDTO } from "./refundable";
