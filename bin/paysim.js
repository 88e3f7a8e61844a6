#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (built by `npm run build`, which `npm ci` runs).
import('../dist/src/cli/main.js').then((m) => m.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('paysim: the compiled CLI is missing; run `npm run build` (npm ci does it for you).');
    process.exit(2);
  }
  throw err;
});
