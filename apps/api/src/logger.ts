import { requestScope } from "@tillsync/api";
import { pino, type DestinationStream, type Logger } from "pino";

/**
 * Whatever a log line might carry that grants access. Bodies are never logged (they hold
 * passwords and, in answers, freshly issued keys); these paths catch headers and fields
 * that reach a log inside an error or a request object.
 */
const SECRETS = ["password", "newPassword", "currentPassword", "token", "key", "apiKey", "secret", "authorization", "cookie"]
  .flatMap((field) => [field, `*.${field}`, `*.*.${field}`, `*.*.*.${field}`])
  .concat(['*.headers["set-cookie"]', '*.*.headers["set-cookie"]']);

/**
 * The API's logger: JSON lines, secrets redacted, and the request id on every line logged
 * while a request is being served (the scope is set around each request in server.ts).
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: SECRETS, censor: "[redacted]" },
      mixin: () => {
        const scope = requestScope.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    destination,
  );
}
