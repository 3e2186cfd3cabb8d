#!/usr/bin/env node
// a committed shim, so pnpm can link the bin on a fresh clone before `dist/` is built.
import "../dist/cli.js";
