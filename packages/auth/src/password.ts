import type { Auth } from "./auth";

/** Hashes with the instance's own hasher, for accounts made outside an HTTP request (the CLI). */
export async function hashPassword(auth: Auth, password: string) {
  const context = await auth.$context;
  return context.password.hash(password);
}
