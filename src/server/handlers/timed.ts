// Routes that answer after a wait: the seed's one-second `/bar` and `/foo`,
// and `/delay/:ms`.
import {
  onClose,
  sendText,
  type Handler,
  type RequestContext,
} from "../context.ts";
import { intParam } from "../params.ts";

export const DELAY_BOUNDS = { min: 0, max: 60_000, unit: "ms" };

/** Run `answer` after `ms`; the timer is cleared if the client goes away. */
export function later(ctx: RequestContext, ms: number, answer: () => void) {
  const timer = setTimeout(answer, ms);
  onClose(ctx, () => clearTimeout(timer));
}

/** Answer `body` with 200 after `ms`. */
export function answerAfter(
  ctx: RequestContext,
  ms: number,
  body: string,
  headers: Record<string, string> = {},
): void {
  later(ctx, ms, () => sendText(ctx, 200, body, headers));
}

export const delay: Handler = (ctx) => {
  const ms = intParam("delay", ctx.param, DELAY_BOUNDS);
  answerAfter(ctx, ms, `waited ${ms} ms\n`);
};

// As the seed's Flask app: `time.sleep(1); return 'bar'` (no newline).
export const bar: Handler = (ctx) => answerAfter(ctx, 1000, "bar");
export const foo: Handler = (ctx) => answerAfter(ctx, 1000, "foo");
