export { specFacts } from "./generated/spec.gen.js";
