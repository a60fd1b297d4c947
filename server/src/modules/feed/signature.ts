import crypto from 'node:crypto';

/**
 * How a pushed event proves it came from onewindow (README "E-supervision feed"): HMAC-SHA256,
 * keyed with the subscriber's secret, over `<timestamp>.<body>` (the timestamp header, a dot, the
 * exact body bytes), hex, sent as `v1=<hex>`. Binding the timestamp lets the receiver refuse
 * replays older than a few minutes; the event id header lets it drop duplicates.
 */
export const FEED_HEADERS = {
  eventId: 'x-onewindow-event-id',
  timestamp: 'x-onewindow-timestamp',
  signature: 'x-onewindow-signature',
} as const;

/** Receivers should refuse a timestamp further than this from their own clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

export function signFeedBody(secret: string, timestamp: number, body: string): string {
  return `v1=${crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * What a receiver does, in the form it would write it: recompute, compare in constant time,
 * check the timestamp is fresh. Exported for tests and as the reference for the province.
 */
export function verifyFeedSignature(options: {
  secret: string;
  timestamp: string | undefined;
  body: string;
  signature: string | undefined;
  nowSeconds?: number;
}): boolean {
  const { secret, timestamp, body, signature } = options;
  if (!timestamp || !signature || !/^\d{1,12}$/.test(timestamp)) return false;
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - Number(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = Buffer.from(signFeedBody(secret, Number(timestamp), body));
  const given = Buffer.from(signature);
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
