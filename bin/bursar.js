#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// Bursar runs its TypeScript directly (Node 24 type stripping): no build step.
import '../src/cli.ts';
