// Builds the web app when web/dist is missing or older than any source file, so `npm start`
// works on a fresh clone and a second start does not pay for a rebuild.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newestSource } from './newest-source.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const web = path.join(root, 'web');
const built = path.join(web, 'dist', 'index.html');

export function buildWebIfStale() {
  const builtAt = fs.existsSync(built) ? fs.statSync(built).mtimeMs : 0;
  if (builtAt > newestSource(web)) return false;
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  // An install without dev dependencies has no vite: the API still runs, without its web pages.
  if (!fs.existsSync(vite)) {
    console.log('[onewindow] web app not built: vite is a dev dependency (npm install without --omit=dev builds it)');
    return false;
  }
  console.log('[onewindow] building the web app (first install, or its sources changed)…');
  execFileSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: web,
    stdio: 'inherit',
    // Always the production bundle: under vitest NODE_ENV is 'test', which made the browser tests
    // run React's and antd's development builds (slower, and every antd field id "test-id").
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) buildWebIfStale();
