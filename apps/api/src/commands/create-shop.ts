import { createAuth, hashPassword } from "@tillsync/auth";
import { createShopWithOwner } from "@tillsync/db";
import { canonicalTimeZone, currencyCode } from "@tillsync/validators";
import { z } from "zod";

import { withMigratedDatabase } from "../database";
import { authSecret } from "../env";
import { parseOptions, type Command } from "./command";
import { secretOption } from "./secret";

const input = z.object({
  name: z.string({ error: "is required" }).trim().min(1, "must not be empty").max(120, "must be at most 120 characters"),
  // The rules sign-up and shop settings use (validators), with messages that complete "--<option> ...".
  timezone: z
    .string()
    .refine((value) => canonicalTimeZone(value) !== null, "must be an IANA time zone such as Europe/Berlin")
    .transform((value) => canonicalTimeZone(value)!)
    .optional(),
  currency: z
    .string()
    .refine((value) => currencyCode.safeParse(value).success, "must be a three-letter currency code such as EUR")
    .pipe(currencyCode)
    .optional(),
  email: z.string({ error: "is required (the owner's email)" }).pipe(z.email({ error: "must be an email address" })),
  password: z
    .string({ error: "is required (the owner's password; or TILLSYNC_PASSWORD, or --password-stdin)" })
    .min(8, "must be at least 8 characters")
    .max(128, "must be at most 128 characters"),
  "owner-name": z.string().trim().min(1, "must not be empty").max(120, "must be at most 120 characters").optional(),
});

export const createShopCommand: Command = {
  usage:
    "create-shop --name <name> --email <email> (--password <password> | --password-stdin) [--owner-name <name>] [--timezone <IANA zone>] [--currency <code>]",
  summary:
    "Create a shop and its owner's account (time zone defaults to UTC, currency to EUR); prints the shop id. The password may come from the environment variable TILLSYNC_PASSWORD or, with --password-stdin, as one line on standard input instead of --password, so that it is in neither `ps` nor the shell's history.",
  options: {
    name: { type: "string" },
    timezone: { type: "string" },
    currency: { type: "string" },
    email: { type: "string" },
    password: { type: "string" },
    "password-stdin": { type: "boolean" },
    "owner-name": { type: "string" },
  },
  async run(values, env) {
    const secret = await secretOption(values, { name: "password", envName: "TILLSYNC_PASSWORD", envValue: env.TILLSYNC_PASSWORD });
    const { name, timezone, currency, email, password, "owner-name": ownerName } = parseOptions(input, { ...values, password: secret });
    const shop = await withMigratedDatabase(env, async ({ db }) => {
      // Better Auth's own hasher, so the owner signs in at /api/auth/sign-in/email like anyone.
      const auth = createAuth({ prisma: db.prisma, secret: authSecret(env), webOrigins: env.WEB_ORIGIN });
      const passwordHash = await hashPassword(auth, password);
      const owner = { name: ownerName ?? email.split("@")[0]!, email, passwordHash };
      return (await createShopWithOwner(db.prisma, { shop: { name, timezone, currency }, owner })).shop;
    });
    console.error(`Created shop "${shop.name}" with owner ${email}.`);
    console.log(shop.id);
    return 0;
  },
};
