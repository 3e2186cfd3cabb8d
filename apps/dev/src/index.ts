export { type Child, type ChildOptions, startChild } from "./child.js";
export { type Dev, type DevOptions, type Rebuild, startDev } from "./dev.js";
export { type Services, type ServicesOptions, startServices } from "./services.js";
