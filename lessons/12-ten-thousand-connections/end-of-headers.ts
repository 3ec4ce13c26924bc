// The smallest parser a keep-alive HEAD client needs: where each response's
// headers end. A response to HEAD has no body, so the blank line that ends
// its headers ends the response. The scan keeps its place between reads
// in three small numbers, so a response may arrive in any number of pieces.

/** Where a scan stands between two reads of one connection. */
export interface HeaderScan {
  /** How much of "\r\n\r\n" the last bytes matched (0 to 3). */
  matched: number;
  /** Bytes of the current response seen so far (counts to 10 at most). */
  offset: number;
  /** The first digit of the current response's status code, as a byte. */
  statusDigit: number;
}

export function freshScan(): HeaderScan {
  return { matched: 0, offset: 0, statusDigit: 0 };
}

const CR = 13;
const LF = 10;
const DIGIT_2 = 50;
// "HTTP/1.1 200": the status code starts at byte 9.
const STATUS_AT = 9;

// #region scan
/**
 * Scans `bytes[0..length)` for the ends of responses; calls `onEnd` once
 * for each, saying whether its status was 2xx. Allocates nothing.
 */
export function scanHeaders<S extends HeaderScan>(
  scan: S,
  bytes: Uint8Array,
  length: number,
  onEnd: (scan: S, ok: boolean) => void,
): void {
  let { matched, offset } = scan;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i]!;
    if (offset < 10) {
      if (offset === STATUS_AT) scan.statusDigit = byte;
      offset++;
    }
    // Count the bytes of "\r\n\r\n" seen in a row: CR at 0 and 2, LF at
    // 1 and 3. A CR out of turn may still start a new match.
    if (byte === CR) matched = matched === 2 ? 3 : 1;
    else if (byte === LF && (matched === 1 || matched === 3)) {
      if (matched === 1) matched = 2;
      else {
        matched = 0;
        offset = 0;
        onEnd(scan, scan.statusDigit === DIGIT_2);
      }
    } else matched = 0;
  }
  scan.matched = matched;
  scan.offset = offset;
}
// #endregion
