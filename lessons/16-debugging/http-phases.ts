// Every phase of every HTTP request, as Node publishes them on
// `diagnostics_channel`: undici (behind `fetch`) and `node:http` (behind
// `http.get`) each announce when a request is made, when its headers go
// out, when the response's headers come back and when its body has ended.
// Subscribing costs nothing to code that is not traced.
import diagnostics from "node:diagnostics_channel";

/** The channels this module listens to, in the order a request meets them. */
export const CHANNELS = [
  "undici:request:create",
  "undici:client:sendHeaders",
  "undici:request:headers",
  "undici:request:trailers",
  "undici:request:error",
  "http.client.request.start",
  "http.client.response.finish",
  "http.client.request.error",
] as const;

export type Channel = (typeof CHANNELS)[number];

export interface PhaseEvent {
  channel: Channel;
  /** Which request: `METHOD origin path`. */
  request: string;
  /** `performance.now()` when the message was published. */
  at: number;
  /** The status code, on the channels that have the response. */
  status?: number;
}

interface UndiciMessage {
  request: { method: string; origin: string; path: string };
  response?: { statusCode: number };
}

interface HttpMessage {
  request: {
    method: string;
    path: string;
    protocol: string;
    getHeader(name: string): unknown;
  };
  response?: { statusCode: number };
}

function describe(channel: Channel, message: unknown): Omit<PhaseEvent, "at"> {
  if (channel.startsWith("undici:")) {
    const { request, response } = message as UndiciMessage;
    return {
      channel,
      request: `${request.method} ${request.origin}${request.path}`,
      ...(response && { status: response.statusCode }),
    };
  }
  const { request, response } = message as HttpMessage;
  const origin = `${request.protocol}//${String(request.getHeader("host"))}`;
  return {
    channel,
    request: `${request.method} ${origin}${request.path}`,
    ...(response && { status: response.statusCode }),
  };
}

// #region trace
/** Record every message on `CHANNELS` until `stop()`. */
export function traceHttpPhases(): { events: PhaseEvent[]; stop(): void } {
  const events: PhaseEvent[] = [];
  const listeners = CHANNELS.map((channel) => {
    const listener = (message: unknown) => {
      events.push({ ...describe(channel, message), at: performance.now() });
    };
    diagnostics.subscribe(channel, listener);
    return () => diagnostics.unsubscribe(channel, listener);
  });
  return { events, stop: () => listeners.forEach((off) => off()) };
}
// #endregion

/** The events of each request, requests in the order they started. */
export function byRequest(events: PhaseEvent[]): Map<string, PhaseEvent[]> {
  const requests = new Map<string, PhaseEvent[]>();
  for (const event of events) {
    const list = requests.get(event.request) ?? [];
    list.push(event);
    requests.set(event.request, list);
  }
  return requests;
}
