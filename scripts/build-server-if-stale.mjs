// Bundles the server (server/src, TypeScript) into one ES module, server/dist/main.mjs, when it is
// missing or older than any source file. `npm start` runs that bundle with plain node: transforming
// some three hundred files with tsx cost each process (the primary and every HTTP worker) about
// three seconds of a core on every start, on the cores that are writing the demo city at the same
// time. npm packages stay outside the bundle and load from node_modules as usual.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { newestSource } from './newest-source.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = path.join(root, 'server', 'src');
// Two folders under the root, like server/src: paths found from the running file stay the same.
export const SERVER_BUNDLE = path.join(root, 'server', 'dist', 'main.mjs');

export async function buildServerIfStale() {
  const builtAt = fs.existsSync(SERVER_BUNDLE) ? fs.statSync(SERVER_BUNDLE).mtimeMs : 0;
  if (builtAt > newestSource(sources)) return false;
  await build({
    entryPoints: [path.join(sources, 'main.ts')],
    outfile: SERVER_BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // With node --enable-source-maps, stack traces name our own files and lines (left off in
    // npm start: reading the map costs every process a tenth of a second).
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await buildServerIfStale();
