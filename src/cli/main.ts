#!/usr/bin/env node
// The go-profiler command line (the package's `go-profiler` bin): see run-main.ts.

import { runMain } from './run-main.js';

await runMain('go-profiler');
