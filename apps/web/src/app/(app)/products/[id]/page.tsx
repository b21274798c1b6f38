import { notFound } from "next/navigation";

import { ProductDetail } from "./product-detail";

export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <ProductDetail id={id} />;
}
