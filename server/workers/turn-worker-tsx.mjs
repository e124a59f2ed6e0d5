// The turn worker from its TypeScript sources (tests, `npm run dev`): a worker thread does not inherit tsx from
// the main thread, so it registers tsx itself before importing the worker. `npm start` runs dist/turn-worker.js.
import { register } from 'tsx/esm/api';

register();
await import('./turn-worker.ts');
