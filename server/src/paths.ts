import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root folder. This file runs either from server/src (tsx, tests) or bundled into
 * server/dist/main.mjs (`npm start`); both sit two folders under the root, so files shipped beside
 * the sources (migrations, the built web app) are found from here in either case.
 */
export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
