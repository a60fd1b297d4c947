// What `npm install` (its prepare step) and `npm start` build before the server runs: the web app
// and the server bundle, each only when missing or older than its sources. Built at install, the
// first start does not pay for them; built again at start, a changed source is never served stale.
import { buildServerIfStale } from './build-server-if-stale.mjs';
import { buildWebIfStale } from './build-web-if-stale.mjs';

buildWebIfStale();
await buildServerIfStale();
