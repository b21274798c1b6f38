import { createApiKey, databaseFailure, getShop } from "@tillsync/db";
import { z } from "zod";

import { withMigratedDatabase } from "../database";
import { parseOptions, type Command } from "./command";

const input = z.object({
  shop: z
    .string({ error: "is required" })
    .regex(/^[1-9]\d{0,9}$/, "must be a shop id (a positive integer)")
    .transform(Number),
  name: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(64, "must be at most 64 characters"),
  role: z.enum(["device", "manager"], { error: "must be device or manager" }).default("device"),
});

export const createApiKeyCommand: Command = {
  usage: "create-api-key --shop <id> --name <name> [--role device|manager]",
  summary: "Create an API key (a till by default); prints the key once, alone on the last line.",
  options: {
    shop: { type: "string" },
    name: { type: "string" },
    role: { type: "string" },
  },
  async run(values, env) {
    const { shop: shopId, name, role } = parseOptions(input, values);
    const apiKey = await withMigratedDatabase(env, async ({ db }) => {
      await getShop(db.prisma, shopId).catch((error: unknown) => {
        // P2025: Prisma found no row to read.
        throw databaseFailure(error)?.prismaCode === "P2025" ? new Error(`There is no shop ${shopId}.`) : error;
      });
      return createApiKey(db.prisma, { shopId, name, role });
    });
    console.error(`Created ${role} key "${apiKey.name}" for shop ${shopId}. It is shown only now; store it safely:`);
    console.log(apiKey.key);
    return 0;
  },
};
