import { upmobileStatefulCases } from "../../src/cases-stateful.js";
import { upmobileCases } from "../../src/cases-upmobile.js";
import { defineContractSuite } from "../../src/suite.js";

// one file for every Upmobile case, so they run one after another: the balance check must not see another
// case's withdrawal land in the middle.
defineContractSuite("Upmobile contract", [...(await upmobileCases()), ...(await upmobileStatefulCases())]);
