import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { describe, expect, it } from "vitest";

import { createDatabase } from "../src";

describe("a PGlite directory", () => {
  it("is opened by one holder at a time, and free again once closed", async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), "tillsync-lock-")), "pglite");
    const first = createDatabase({ dataDir });
    expect(existsSync(`${dataDir}.lock`)).toBe(true);
    expect(() => createDatabase({ dataDir })).toThrow(/already open/);
    await first.migrate();
    await first.close();
    expect(existsSync(`${dataDir}.lock`)).toBe(false);

    const second = createDatabase({ dataDir });
    expect((await second.ready()).ok).toBe(true);
    await second.close();
  });
});
