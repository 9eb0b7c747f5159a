/**
 * The phone's cut of a pulled page for the watch's BLE response (no Zepp globals here, so Node
 * tests import it directly).
 */
import { utf8Length } from '@unknot/stretch-model';
import type { RelaySyncResult } from '../lib/sync/relay-messages.js';

/**
 * Cuts a `POST /v1/sync` answer down to what fits the watch's next BLE response: the pulled ops
 * (in serverSeq order) up to `maxBytes` of JSON, at least one, with the cursor at the last op
 * kept and `hasMore` set when ops were cut, so the watch pulls the rest from there. Echoes of the
 * watch's own ops with `seq <= ownSeq` are left out but passed over by the cursor: the watch
 * holds those ops already (queued or acknowledged), so they would only cost air time.
 */
export function fitPullForWatch(
  res: Extract<RelaySyncResult, { ok: true }>,
  requestCursor: number,
  o: { deviceId: string; ownSeq: number; maxBytes: number },
): Extract<RelaySyncResult, { ok: true }> {
  if (res.snapshot) return res;
  if (o.maxBytes <= 0) {
    return { ...res, ops: [], cursor: requestCursor, hasMore: res.hasMore || res.ops.length > 0 };
  }
  const kept: typeof res.ops = [];
  let bytes = 2;
  let cursor = requestCursor;
  let cut = false;
  for (const op of res.ops) {
    if (op.deviceId === o.deviceId && op.seq <= o.ownSeq) {
      cursor = op.serverSeq;
      continue;
    }
    const size = utf8Length(JSON.stringify(op)) + 1;
    if (kept.length > 0 && bytes + size > o.maxBytes) {
      cut = true;
      break;
    }
    kept.push(op);
    bytes += size;
    cursor = op.serverSeq;
  }
  if (!cut) cursor = Math.max(cursor, res.cursor);
  return { ...res, ops: kept, cursor, hasMore: cut || res.hasMore };
}
