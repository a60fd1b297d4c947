import type { Executor } from '../../db/database.js';
import { itemTypeName } from './codes.js';
import * as repo from './repo.js';
import type { TStats } from './schema.js';

const round = (n: number) => Math.round(n * 10000) / 10000;
const share = (part: number, total: number) => (total ? round(part / total) : null);

/** The figures centres publish, from the repository's counts. */
export async function buildStats(db: Executor, centreId?: number | null): Promise<TStats> {
  const { totals: t, byType, byDepartment } = await repo.catalogStatistics(db, centreId);
  return {
    total: t.total,
    byType: byType.map((r) => ({ itemType: r.item_type, name: itemTypeName(r.item_type), count: r.count })),
    byDepartment: byDepartment.map((r) => ({ departmentId: r.id, name: r.name, count: r.count })),
    comparable: t.comparable,
    averageLegalDays: t.comparable ? round(t.legal_sum / t.comparable) : null,
    averagePromisedDays: t.comparable ? round(t.promised_sum / t.comparable) : null,
    totalLegalDays: t.legal_sum,
    totalPromisedDays: t.promised_sum,
    compressionRate: t.legal_sum ? round(1 - t.promised_sum / t.legal_sum) : null,
    withinFiveDaysRate: share(t.within_five, t.total),
    immediateRate: share(t.immediate, t.total),
    zeroTripRate: share(t.zero_trip, t.total),
    atMostOneTripRate: share(t.one_trip, t.total),
    fullyOnlineRate: share(t.fully_online, t.total),
  };
}

