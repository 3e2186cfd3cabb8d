// A CommonJS consumer: require() of the ES-module packages, which Node loads from require on Node >= 20.19.
const upmobile = require("@contracts/upmobile");
const topup = require("@contracts/topup");
const upmobileValidators = require("@contracts/upmobile/validators");
const upmobileSpec = require("@contracts/upmobile/spec");
const client = upmobile.createUpmobileClient({ baseUrl: "http://127.0.0.1:9", token: "t" });
const checks = {
  upmobileClient: typeof client.GET === "function",
  topupClient: typeof topup.createTopupClient === "function",
  sameHttpError: upmobile.HttpError === topup.HttpError,
  validator: upmobileValidators.isCurrencyCode("RUB") && !upmobileValidators.isCurrencyCode("EUR"),
  operations: Object.keys(upmobileSpec.operationTable).length,
};
console.log(JSON.stringify(checks));
