import { messageOf } from "~/lib/api-error";

/**
 * What a cashier reads when the till could not keep something in this browser's storage
 * (IndexedDB: the outbox, receipt numbers, the drawer's events). The browser's own words
 * ("The quota has been exceeded.", "The database connection is closing.") say nothing a
 * cashier can act on, so its DOMExceptions become what to do; an error of the till's own
 * (written for staff, e.g. "this drawer was already closed in another tab") or of the API
 * (api-error.ts messageOf) reads as it is. Names: WebIDL's DOMException error names.
 */
export function storageMessage(error: unknown): string {
  if (error instanceof DOMException) {
    switch (error.name) {
      case "QuotaExceededError":
        return "This device is out of storage space. Free some (other apps, downloads, or other sites’ data in the browser’s settings), then try again.";
      case "VersionError":
        return "A newer version of the till is open in another tab. Reload this page.";
      default:
        return "This browser’s storage stopped working. Reload the till; if it happens again, restart the browser.";
    }
  }
  return messageOf(error);
}
