import { topupStatefulCases } from "../../src/cases-stateful.js";
import { topupCases } from "../../src/cases-topup.js";
import { defineContractSuite } from "../../src/suite.js";

defineContractSuite("Topup contract", [...(await topupCases()), ...(await topupStatefulCases())]);
