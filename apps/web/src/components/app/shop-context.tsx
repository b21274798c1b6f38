"use client";

import type { RouterOutputs } from "@tillsync/api";
import { createContext, useContext } from "react";

export type CurrentShop = RouterOutputs["shop"]["current"];

const ShopContext = createContext<CurrentShop | null>(null);

export const ShopProvider = ShopContext.Provider;

/** The signed-in principal's shop and role; only used below the app shell, which loads it. */
export function useShop() {
  const value = useContext(ShopContext);
  if (!value) throw new Error("useShop outside the app shell");
  return value;
}
