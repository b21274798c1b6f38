-- Issue 19: Better Auth's sign-in rate-limit counters move from each API process's memory to
-- the database (its "database" storage, DESIGN.md §10), so N API processes behind a load
-- balancer share one budget per client address instead of allowing N times as many.
CREATE TABLE "rate_limit" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "count" INTEGER NOT NULL,
    "last_request" BIGINT NOT NULL,

    CONSTRAINT "rate_limit_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "rate_limit_key_key" ON "rate_limit"("key");
