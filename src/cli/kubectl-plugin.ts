#!/usr/bin/env node
// The package's second bin, `kubectl-go_profiler`: kubectl runs it for `kubectl go-profiler …`
// (a plugin's dashes are underscores in its file name), so help and usage name it so.

import { runMain } from './run-main.js';

await runMain('kubectl go-profiler');
