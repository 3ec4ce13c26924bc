// Assertions on the server's request log: how requests were sent, proved by
// when they arrived and finished, not by what the client printed.
import { expect } from "vitest";
import type { RequestRecord } from "../../src/server/types.ts";

const finishedAt = (r: RequestRecord): number => r.finishedAt ?? Infinity;

/** Each request arrived only after the one before it had finished. */
export function expectOneAfterAnother(requests: RequestRecord[]): void {
  requests.slice(1).forEach((request, i) => {
    const previous = finishedAt(requests[i]!);
    expect(
      request.arrivedAt,
      `${request.path} (#${i + 2}) arrived at ${request.arrivedAt} ms, ` +
        `before #${i + 1} finished at ${previous} ms`,
    ).toBeGreaterThanOrEqual(previous);
  });
}

/** Every request arrived before any of them finished. */
export function expectAllInFlightTogether(requests: RequestRecord[]): void {
  const lastArrival = Math.max(...requests.map((r) => r.arrivedAt));
  const firstFinish = Math.min(...requests.map(finishedAt));
  expect(
    lastArrival,
    `last arrival at ${lastArrival} ms, first finish at ${firstFinish} ms`,
  ).toBeLessThan(firstFinish);
}
