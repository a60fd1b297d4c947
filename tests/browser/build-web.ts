// @ts-expect-error plain ESM script without types
import { buildWebIfStale } from '../../scripts/build-web-if-stale.mjs';

/** The browser journeys run against the built web app, exactly as `npm start` serves it. */
export default function setup() {
  buildWebIfStale();
}
