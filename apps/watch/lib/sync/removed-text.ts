/**
 * What the watch and the phone settings page say once the server no longer takes this watch's
 * credential (removed from the account on the dashboard, or unknown to the server). One place, so
 * both ends tell the same story. ASCII only: the watch fonts may lack other glyphs.
 */

/** "6 Jan 2025" in the device's local time. */
export function shortDate(at: number): string {
  const d = new Date(at);
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${d.getDate()} ${months[d.getMonth()] ?? ''} ${d.getFullYear()}`;
}

/** "1 session waiting" / "3 items waiting": the watch's unsent ops, kept for the next pairing. */
function keptLine(pending: number): string {
  if (pending <= 0) return '';
  const what = pending === 1 ? '1 item waiting to sync is' : `${pending} items waiting to sync are`;
  return ` ${what} kept and sent after you pair again.`;
}

export const REMOVED_TEXT = {
  /** Home's sync line. */
  home: 'Removed from your account. Pair again in the Zepp app settings.',
  /** About's sync block. */
  about: (at: number, pending: number): string =>
    `Sync: Not paired (removed on ${shortDate(at)}). To pair again, get a new code on the dashboard (Devices > Pair) and type it in the Zepp app: Unknot > Settings.${keptLine(pending)}`,
  /** The pairing status the side service stores (the page adds the date). */
  phoneStatus: 'Removed from your account',
  /** The settings page's status line. */
  phoneStatusLine: (at: number): string => `Status: Removed from your account on ${shortDate(at)}`,
  /** The settings page's steps to pair again. */
  phoneSteps:
    'This watch was removed from your Unknot account, so it no longer syncs. To pair it again: open the Unknot dashboard, choose Devices > Pair, and type the new code below. Sessions the watch recorded meanwhile stay on it and are sent once it is paired again.',
} as const;
