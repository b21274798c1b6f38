import { alertRouter } from "./router/alert";
import { apiKeyRouter } from "./router/api-key";
import { analyticsRouter } from "./router/analytics";
import { auditRouter } from "./router/audit";
import { drawerRouter } from "./router/drawer";
import { productRouter } from "./router/product";
import { reviewRouter } from "./router/review";
import { saleRouter } from "./router/sale";
import { shopRouter } from "./router/shop";
import { staffRouter } from "./router/staff";
import { tillRouter } from "./router/till";
import { createCallerFactory, router } from "./trpc";

export const appRouter = router({
  alert: alertRouter,
  apiKey: apiKeyRouter,
  analytics: analyticsRouter,
  audit: auditRouter,
  drawer: drawerRouter,
  product: productRouter,
  review: reviewRouter,
  sale: saleRouter,
  shop: shopRouter,
  staff: staffRouter,
  till: tillRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
