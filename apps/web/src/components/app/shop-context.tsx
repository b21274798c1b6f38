"use client";

import type { RouterOutputs } from "@tillsync/api";
import { createContext, useContext } from "react";

import { setShopLocale } from "~/lib/format";

export type CurrentShop = RouterOutputs["shop"]["current"];

const ShopContext = createContext<CurrentShop | null>(null);
/** The request's language, which the server writes numbers in for a shop without a locale (app-shell.tsx, lib/format.ts). */
const ServerLocaleContext = createContext<string | undefined>(undefined);

/** Gives the screens below the signed-in principal's shop; `serverLocale`: see useShop. */
export function ShopProvider({ value, serverLocale, children }: { value: CurrentShop; serverLocale?: string; children: React.ReactNode }) {
  return (
    <ServerLocaleContext value={serverLocale}>
      <ShopContext value={value}>{children}</ShopContext>
    </ServerLocaleContext>
  );
}

/**
 * The signed-in principal's shop and role; only used below the app shell, which loads it.
 * On the server, where one module serves every request's render and a render can pause
 * (streaming) while another request's runs, it also sets lib/format's locale again to this
 * shop's, so what a screen formats right after reading its shop is in that shop's locale
 * (in the browser the app shell's setting holds: one shop per tab).
 */
export function useShop() {
  const value = useContext(ShopContext);
  const serverLocale = useContext(ServerLocaleContext);
  if (!value) throw new Error("useShop outside the app shell");
  if (typeof window === "undefined") setShopLocale(value.shop.locale, serverLocale);
  return value;
}
