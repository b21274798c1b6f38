import { alertRouter } from "./router/alert";
import { analyticsRouter } from "./router/analytics";
import { productRouter } from "./router/product";
import { saleRouter } from "./router/sale";
import { shopRouter } from "./router/shop";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  alert: alertRouter,
  analytics: analyticsRouter,
  product: productRouter,
  sale: saleRouter,
  shop: shopRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
