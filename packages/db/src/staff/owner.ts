import type { PrismaClient } from "../generated/prisma/client";
import { TX_OPTIONS } from "../db";
import { createShop, type ShopInput } from "../shop";
import { createStaffUser, type NewStaffUser } from "./user";

/** Sign-up and `create-shop --email`: the shop and its first owner, in one transaction. */
export function createShopWithOwner(prisma: PrismaClient, input: { shop: ShopInput; owner: NewStaffUser }) {
  return prisma.$transaction(async (tx) => {
    const shop = await createShop(tx, input.shop);
    const owner = await createStaffUser(tx, input.owner, shop.id, "owner");
    return { shop, userId: owner.userId };
  }, TX_OPTIONS);
}
