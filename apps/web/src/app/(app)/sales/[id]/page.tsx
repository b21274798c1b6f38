import { notFound } from "next/navigation";

import { SaleDetail } from "./sale-detail";

export default async function SalePage({ params }: { params: Promise<{ id: string }> }) {
  const id = Number((await params).id);
  if (!Number.isSafeInteger(id) || id <= 0) notFound();
  return <SaleDetail id={id} />;
}
