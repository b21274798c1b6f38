// DESIGN.md §4's promise to operators: a shell script bootstraps a shop and a till key
// with `pnpm tillsync`, and that key sells over HTTP.

import { join } from "node:path";

import { childEnv, freePort, killGroup, spawnGroup } from "@tillsync/testing";
import { describe, expect, it } from "vitest";

import { appDir, lastLine, useUnmigratedDatabase } from "./helpers";

describe("scripts/bootstrap-and-sell.sh", () => {
  const target = useUnmigratedDatabase("tillsync-bootstrap-");

  it("creates a shop and a device key, and the key sells over HTTP as that device", async () => {
    const env = childEnv({ ...target.env, PORT: String(await freePort()), LOG_LEVEL: "warn" });
    const script = spawnGroup("bash", [join(appDir, "scripts/bootstrap-and-sell.sh")], { cwd: appDir, env });
    try {
      const result = await script.exited;
      expect(result.code, result.stderr).toBe(0);
      const { sale, replayed } = JSON.parse(lastLine(result.stdout)).result.data.json;
      expect(replayed).toBe(false);
      expect(sale).toMatchObject({ total: "5.00", deviceName: "pos-01", sourceDevice: "till by the door" });
    } finally {
      killGroup(script);
    }
  });
});
