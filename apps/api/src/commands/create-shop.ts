import { createShop, isValidTimeZone } from "@tillsync/db";
import { z } from "zod";

import { withMigratedDatabase } from "../database";
import { parseOptions, type Command } from "./command";

const input = z.object({
  name: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
  timezone: z.string().refine(isValidTimeZone, "must be an IANA time zone such as Europe/Berlin").optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code such as EUR").optional(),
  email: z.string().optional(),
  password: z.string().optional(),
});

export const createShopCommand: Command = {
  usage: "create-shop --name <name> [--timezone <IANA zone>] [--currency <code>] [--email <email> --password <password>]",
  summary: "Create a shop (time zone defaults to UTC, currency to EUR); prints its id.",
  options: {
    name: { type: "string" },
    timezone: { type: "string" },
    currency: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
  },
  async run(values, env) {
    const { name, timezone, currency, email, password } = parseOptions(input, values);
    const shop = await withMigratedDatabase(env, ({ db }) => createShop(db.prisma, { name, timezone, currency }));
    if (email !== undefined || password !== undefined) {
      console.error("Note: staff accounts are not available yet, so no owner account was created for --email/--password.");
    }
    console.log(shop.id);
    return 0;
  },
};
