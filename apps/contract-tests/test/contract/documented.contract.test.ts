import { documentedExampleCases } from "../../src/cases-documented.js";
import { defineContractSuite } from "../../src/suite.js";

defineContractSuite("Every documented response example", await documentedExampleCases());
