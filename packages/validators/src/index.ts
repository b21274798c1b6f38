export * from "./alert";
export * from "./analytics";
export * from "./common";
export * from "./decimal";
export * from "./dto";
export * from "./product";
export * from "./sale";
