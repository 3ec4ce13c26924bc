// Talks to a runner the way a page (or an attacker) would: raw HTTP, so
// that a test sets the Host and Origin headers as it likes.
import { request as httpRequest, type IncomingMessage } from "node:http";
import {
  eventSplitter,
  SECRET_HEADER,
  type RunnerEvent,
} from "../../src/lib/runner-protocol.ts";
import type { Runner } from "../../src/runner/runner.ts";

export const SITE_ORIGIN = "http://127.0.0.1:4321";

export interface Sent {
  method?: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string | undefined>;
}

/** The headers a served page sends, which a test may override. */
export function pageHeaders(runner: Runner): Record<string, string> {
  return {
    host: `127.0.0.1:${runner.port}`,
    origin: SITE_ORIGIN,
    [SECRET_HEADER]: runner.config.secret,
  };
}

/** Starts a request and resolves with the response as it begins. */
export function send(
  runner: Runner,
  { method = "GET", path, body, headers = {} }: Sent,
): { response: Promise<IncomingMessage>; abort: () => void } {
  const merged: Record<string, string> = {};
  for (const [name, value] of Object.entries({
    ...pageHeaders(runner),
    ...headers,
  })) {
    if (value !== undefined) merged[name] = value;
  }
  if (body !== undefined) merged["content-type"] = "application/json";
  const request = httpRequest({
    host: "127.0.0.1",
    port: runner.port,
    method,
    path,
    headers: merged,
    setHost: false,
  });
  const response = new Promise<IncomingMessage>((resolve, reject) => {
    request.once("response", resolve);
    request.once("error", reject);
  });
  request.end(body === undefined ? undefined : JSON.stringify(body));
  return { response, abort: () => request.destroy() };
}

export async function readText(response: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of response as AsyncIterable<Buffer>) {
    text += String(chunk);
  }
  return text;
}

/** The whole answer: status and JSON body. */
export async function call(
  runner: Runner,
  sent: Sent,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await send(runner, sent).response;
  const text = await readText(response);
  return {
    status: response.statusCode ?? 0,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Every event of a streamed run or check, to its end. */
export async function events(
  response: IncomingMessage,
): Promise<RunnerEvent[]> {
  const split = eventSplitter();
  const all: RunnerEvent[] = [];
  for await (const chunk of response as AsyncIterable<Buffer>) {
    all.push(...split(String(chunk)));
  }
  return all;
}

/** Resolves with the first event of `type` in a streamed answer, leaving the
 * stream open. */
export async function firstEvent(
  response: IncomingMessage,
  type: RunnerEvent["type"],
): Promise<RunnerEvent> {
  const split = eventSplitter();
  for await (const chunk of response as AsyncIterable<Buffer>) {
    const found = split(String(chunk)).find((event) => event.type === type);
    if (found) return found;
  }
  throw new Error(`the stream ended without a ${type} event`);
}
