import os from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * The suites whose outcome depends on what day it is run again with the platform's clock pinned
 * (ONEWINDOW_TEST_CLOCK, read by server/src/util/clock.ts and passed to PostgreSQL), so CI is
 * green on any date and not only on the day it last ran.
 */
const DATE_SENSITIVE = [
  'server/src/modules/calendar/calendar.db.test.ts',
  'server/src/modules/cases/clock.db.test.ts',
  'server/src/modules/cases/cases.db.test.ts',
  'server/src/modules/cases/deemed-acceptance.db.test.ts',
  'server/src/modules/supervision/supervision.db.test.ts',
  'server/src/modules/alerts/sweep.db.test.ts',
  'server/src/modules/cases/delivery.db.test.ts',
  'server/src/modules/ratings/ratings.db.test.ts',
  'server/src/modules/ratings/ratings-rankings.db.test.ts',
  'server/src/modules/inquiries/inquiries.db.test.ts',
  'server/src/util/clock.db.test.ts',
];
const PINNED_DATES = [
  // New Year's Day: a statutory holiday, the first day of a month and of a year.
  { name: 'new-year', at: '2026-01-01T09:30:00+08:00' },
  // The last working day before the National Day holiday, and the last day of a month.
  { name: 'eve-of-holiday', at: '2026-09-30T16:00:00+08:00' },
  // A Sunday, the first of a month, early enough that UTC is still on the day before.
  { name: 'sunday-first', at: '2026-03-01T07:30:00+08:00' },
];

/**
 * Three tiers: `unit` (pure logic, no database), `db` (services and HTTP through inject on a real
 * embedded PostgreSQL, one database per test file), `browser` (Chromium journeys through the UI).
 */
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    // At least two test files at once (vitest's default is cores − 1): the files spend much of
    // their time waiting for PostgreSQL, which runs in processes of its own. On the 2-core CI
    // machine the default ran them one at a time with 40% of the CPU idle; two at once took the
    // suite from 1,505 s to 1,131 s (2026-12-03). The browser files stay one at a time.
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    projects: [
      {
        test: {
          name: 'unit',
          include: ['server/src/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['**/*.db.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'db',
          include: ['server/src/**/*.db.test.ts'],
          globalSetup: ['server/src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      ...PINNED_DATES.map(({ name, at }) => ({
        test: {
          name: `pinned-${name}`,
          include: DATE_SENSITIVE,
          env: { ONEWINDOW_TEST_CLOCK: at },
          globalSetup: ['server/src/test/global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      })),
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['server/src/test/global-setup.ts', 'tests/browser/build-web.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
