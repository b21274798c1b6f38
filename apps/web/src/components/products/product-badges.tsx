import type { ProductDTO } from "@tillsync/validators";

import { Badge } from "~/components/ui/badge";
import { isBelow } from "~/lib/decimal";

export function isLowStock(product: Pick<ProductDTO, "stock" | "reorderLevel">) {
  return product.stock !== null && product.reorderLevel !== null && isBelow(product.stock, product.reorderLevel);
}

export function ProductBadges({ product }: { product: ProductDTO }) {
  return (
    <span className="flex flex-wrap gap-1">
      {product.isVolatile ? <Badge variant="secondary">Volatile</Badge> : null}
      {product.archivedAt ? <Badge variant="outline">Archived</Badge> : null}
      {isLowStock(product) ? <Badge variant="warning">Low stock</Badge> : null}
      {product.stock?.startsWith("-") ? <Badge variant="destructive">Negative stock</Badge> : null}
    </span>
  );
}
