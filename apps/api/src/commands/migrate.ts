import { z } from "zod";

import { withDatabase } from "../database";
import { parseOptions, type Command } from "./command";

export const migrateCommand: Command = {
  usage: "migrate",
  summary: "Apply pending database migrations.",
  options: {},
  async run(values, env) {
    parseOptions(z.object({}), values);
    await withDatabase(env, async ({ db, location }) => {
      const { applied, alreadyApplied } = await db.migrate();
      if (applied.length === 0) console.log(`${location} is up to date (migrations applied: ${alreadyApplied}).`);
      else console.log(`Applied ${applied.length} migration(s) to ${location}:\n${applied.map((name) => `  ${name}`).join("\n")}`);
    });
    return 0;
  },
};
