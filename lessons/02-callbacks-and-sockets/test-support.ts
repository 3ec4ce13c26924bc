// Helpers for this lesson's tests: feed a parser piece by piece, and run a
// callback-style call and watch how often, and when, it calls back.
import { ResponseParser } from "./response-parser.ts";
import type { ParseEvent, ResponseHead } from "./response-parser.ts";

export interface ParseOutcome {
  head: ResponseHead | null;
  body: string;
  ended: boolean;
}

/** Feed the pieces in order, then close the connection, as a socket would. */
export function parsePieces(pieces: Uint8Array[]): ParseOutcome {
  const parser = new ResponseParser();
  const outcome: ParseOutcome = { head: null, body: "", ended: false };
  const apply = (events: ParseEvent[]) => {
    for (const event of events) {
      if (event.type === "head") outcome.head = structuredClone(event.head);
      if (event.type === "body") outcome.body += event.bytes.toString("latin1");
      if (event.type === "end") outcome.ended = true;
    }
  };
  for (const piece of pieces) apply(parser.feed(piece));
  apply(parser.finish());
  return outcome;
}

export interface CallbackOutcome<T> {
  err: Error | null;
  value: T | undefined;
  /** Whether the call had returned before its callback ran. */
  returnedFirst: boolean;
  /** Calls so far; keeps counting after the promise resolves. */
  calls: () => number;
}

type NodeCallback<T> = (err: Error | null, value?: T) => void;

/** Start `call` and resolve at its first callback. */
export function firstCallback<T>(
  call: (callback: NodeCallback<T>) => void,
): Promise<CallbackOutcome<T>> {
  let calls = 0;
  let returned = false;
  return new Promise((resolve) => {
    call((err, value) => {
      calls += 1;
      if (calls === 1) {
        resolve({ err, value, returnedFirst: returned, calls: () => calls });
      }
    });
    returned = true;
  });
}

/**
 * Let one whole turn of the event loop pass, through its close callbacks:
 * a socket destroyed now has emitted 'close' by then, so a late second
 * callback would have run.
 */
export async function afterLoopTurn(): Promise<void> {
  for (let turn = 0; turn < 2; turn += 1) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}
