import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const webDir = fileURLToPath(new URL("..", import.meta.url));
export const repoDir = fileURLToPath(new URL("../../..", import.meta.url));
/** Screenshots, downloads and server logs of a test run (git-ignored). */
export const artifactsDir = join(webDir, "artifacts");
