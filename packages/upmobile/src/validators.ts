export * from "./generated/validators.gen.js";
