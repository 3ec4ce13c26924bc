// `/barrier/:n?key=K&timeout=MS`: holds requests until n with the same key are
// waiting, then answers them all at once. Code that sends one request at a
// time never gets there, and the 408 says so.
import { intParam, BadRequest } from "../params.ts";
import {
  onClose,
  sendText,
  type Handler,
  type RequestContext,
} from "../context.ts";

interface Group {
  n: number;
  timeoutMs: number;
  waiting: Set<RequestContext>;
  timer: NodeJS.Timeout;
}

export class Barriers {
  #groups = new Map<string, Group>();

  join(ctx: RequestContext, key: string, n: number, timeoutMs: number): void {
    let group = this.#groups.get(key);
    if (group !== undefined && group.n !== n) {
      throw new BadRequest(
        `barrier '${key}' is waiting for ${group.n} requests, this one asked for ${n}`,
      );
    }
    if (group === undefined) {
      // The timeout runs from the first arrival: the whole group must gather
      // within it.
      const timer = setTimeout(() => this.#timeOut(key), timeoutMs);
      group = { n, timeoutMs, waiting: new Set(), timer };
      this.#groups.set(key, group);
    }
    const joined = group;
    joined.waiting.add(ctx);
    // A client that goes away leaves the barrier; the last one out clears it.
    onClose(ctx, () => {
      joined.waiting.delete(ctx);
      if (joined.waiting.size === 0 && this.#groups.get(key) === joined) {
        clearTimeout(joined.timer);
        this.#groups.delete(key);
      }
    });
    if (joined.waiting.size === n) this.#release(key, joined);
  }

  #release(key: string, group: Group): void {
    clearTimeout(group.timer);
    this.#groups.delete(key);
    for (const ctx of group.waiting) {
      sendText(ctx, 200, `released ${group.n} together\n`);
    }
  }

  #timeOut(key: string): void {
    const group = this.#groups.get(key);
    if (group === undefined) return;
    this.#groups.delete(key);
    const message =
      `barrier '${key}' timed out after ${group.timeoutMs} ms: ` +
      `${group.waiting.size} of ${group.n} requests arrived; ` +
      "the client is not sending them concurrently\n";
    for (const ctx of group.waiting) sendText(ctx, 408, message);
  }
}

export const barrier: Handler = (ctx) => {
  const n = intParam("n", ctx.param, { min: 1, max: 10_000 });
  const timeoutMs = intParam(
    "timeout",
    ctx.query.get("timeout"),
    { min: 1, max: 60_000, unit: "ms" },
    2000,
  );
  const key = ctx.query.get("key") ?? "default";
  ctx.shared.barriers.join(ctx, key, n, timeoutMs);
};
