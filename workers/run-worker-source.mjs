// Worker entry used when paysim runs from its TypeScript sources (vitest, `node --import tsx`):
// registers tsx's loader inside the worker thread, then serves the TypeScript entry. Measured on
// Node 20.20 with tsx 4.23: `execArgv: ['--import', 'tsx']` does not reach worker threads, while
// registering from inside the worker does. The installed CLI uses dist/workers/run-worker.js.
import { register } from 'tsx/esm/api';

register();
const entry = await import('./run-worker.ts');
export default entry.default;
