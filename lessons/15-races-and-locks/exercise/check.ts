// Tells a safe box office from one that oversells, charges buyers it has no
// ticket for, turns buyers away, keeps a lock after a failed payment, serves
// waiting buyers out of order, or makes different events wait for each
// other. Every payment is a real request to the bundled server, and the
// check's bank answers the payments that were on their way together,
// together: so any look at the count that an `await` separates from the
// take lets every other buyer in between, every time.
import http from "node:http";
import { randomUUID } from "node:crypto";
import { missingExports } from "../../../src/lib/exercise-exports.ts";
import type { Verdict } from "../../../src/lib/lesson-types.ts";
import { observe } from "../../../src/lib/observe.ts";
import type { RequestRecord, ServerClient } from "../../../src/server/types.ts";
import type { Pay, Sell } from "../sell.ts";
import { TicketOffice } from "../ticket-office.ts";

interface Impl {
  createSeller: (office: TicketOffice, pay: Pay) => Sell;
}

const EXPECTED =
  "no event sells more tickets than it has, nobody is charged without a " +
  "ticket, every buyer gets an answer (a failed payment included), " +
  "waiting buyers are served in the order they came, and sales of " +
  "different events do not wait for each other";

// Hints in hints.md, by what they answer.
const HINT = { race: 1, perEvent: 2, release: 3, inLine: 4, lookFirst: 5 };

interface Failure {
  observed: string;
  hint: number;
  details?: string[];
}

/** GET `path`; resolve with the status code once the body is in. */
function status(
  server: ServerClient,
  agent: http.Agent,
  path: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get(new URL(path, server.url), { agent }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    request.on("error", reject);
  });
}

interface Bank {
  pay: Pay;
  /** Buyers whose payment was asked for, in the order it was. */
  asked: string[];
  /** Buyers whose payment went through, in the order it did. */
  charged: string[];
  /** The first payment that the server's barrier gave up on, if any. */
  timedOut: () => string | null;
}

/**
 * A bank over real requests: `route` names the path of each payment (the
 * n-th of its event, from 0), and a status other than 200 is a failed
 * payment. An answer is held until every payment on its way with it is
 * answered too; then all of them resume at once. After a barrier gave up,
 * later payments fail at once, so that one-at-a-time code ends quickly.
 */
function makeBank(
  server: ServerClient,
  agent: http.Agent,
  route: (event: string, buyer: string, nth: number) => string,
): Bank {
  const asked: string[] = [];
  const charged: string[] = [];
  const paid = new Map<string, number>();
  const held: (() => void)[] = [];
  let onTheirWay = 0;
  let gaveUp: string | null = null;
  const pay: Pay = async (event, buyer) => {
    asked.push(buyer);
    const nth = paid.get(event) ?? 0;
    paid.set(event, nth + 1);
    let answer: number | Error;
    if (gaveUp !== null) answer = new Error("the bank is closed");
    else {
      onTheirWay += 1;
      answer = await status(server, agent, route(event, buyer, nth)).catch(
        (error: unknown) => new Error(String(error)),
      );
      onTheirWay -= 1;
      if (answer === 408) gaveUp ??= buyer;
    }
    await new Promise<void>((resolve) => {
      held.push(resolve);
      if (onTheirWay === 0) for (const wake of held.splice(0)) wake();
    });
    if (answer !== 200) {
      throw answer instanceof Error ? answer : new Error(`answered ${answer}`);
    }
    charged.push(buyer);
  };
  return { pay, asked, charged, timedOut: () => gaveUp };
}

type Answer = string;

const OUTCOMES: readonly string[] = ["sold", "sold out", "payment failed"];

/** Call `sell` for each buyer, in this order, and keep each answer as it
 * comes; a sell that rejects is answered with what it threw. */
function sellAll(
  sell: Sell,
  sales: { event: string; buyer: string }[],
  answers: Map<string, Answer>,
): Promise<unknown> {
  return Promise.all(
    sales.map(({ event, buyer }) => settle(sell, event, buyer, answers)),
  );
}

async function settle(
  sell: Sell,
  event: string,
  buyer: string,
  answers: Map<string, Answer>,
): Promise<void> {
  try {
    answers.set(buyer, String(await sell(event, buyer)));
  } catch (error) {
    answers.set(buyer, `threw ${String(error)}`);
  }
}

const list = (names: readonly string[]): string =>
  names.length <= 4
    ? names.join(", ")
    : `${names.slice(0, 3).join(", ")} and ${names.length - 3} more`;

/** What is wrong with the answers and the office, in the order a learner
 * should fix it; null when nothing is. */
function judge(
  office: TicketOffice,
  events: string[],
  sales: { event: string; buyer: string }[],
  answers: Map<string, Answer>,
  bank: Bank,
  options: { allSold: boolean },
): Failure | null {
  const unanswered = sales.filter((s) => !answers.has(s.buyer));
  if (unanswered.length > 0) {
    return {
      hint: HINT.release,
      observed:
        `${list(unanswered.map((s) => s.buyer))} never got an answer: ` +
        "their sale was still waiting when the check gave up",
    };
  }
  const threw = sales.filter((s) => answers.get(s.buyer)?.startsWith("threw"));
  if (threw.length > 0) {
    const first = threw[0] as { buyer: string };
    return {
      hint: HINT.race,
      observed:
        `sell() rejected for ${list(threw.map((s) => s.buyer))} ` +
        `(${first.buyer}: ${answers.get(first.buyer)}); it should resolve ` +
        `with "sold", "sold out" or "payment failed"`,
    };
  }
  const odd = sales.filter(
    (s) => !OUTCOMES.includes(answers.get(s.buyer) ?? ""),
  );
  if (odd.length > 0) {
    const first = odd[0] as Sale;
    return {
      hint: HINT.release,
      observed:
        `sell() resolved with ${String(answers.get(first.buyer))} for ` +
        `${list(odd.map((s) => s.buyer))}; it should resolve with "sold", ` +
        `"sold out" or "payment failed", the outcome of that buyer's sale`,
    };
  }
  for (const event of events) {
    if (office.oversold(event) > 0) {
      return {
        hint: HINT.race,
        observed:
          `oversold: ${event} had ${office.stock(event)} tickets and sold ` +
          `${office.holders(event).length}: buyers looked at the count ` +
          "while a buyer who had seen the same count had not taken a " +
          "ticket yet, because an `await` came between a look and its take",
      };
    }
  }
  const sold = new Set(events.flatMap((event) => office.holders(event)));
  const told = sales.filter((s) => answers.get(s.buyer) === "sold");
  const liedTo = told.filter((s) => !sold.has(s.buyer));
  if (liedTo.length > 0) {
    return {
      hint: HINT.race,
      observed: `${list(liedTo.map((s) => s.buyer))} were told "sold" but hold no ticket`,
    };
  }
  const ticketless = bank.charged.filter((buyer) => !sold.has(buyer));
  if (ticketless.length > 0) {
    return {
      hint: HINT.lookFirst,
      observed:
        `charged ${ticketless.length} buyer(s) who got no ticket ` +
        `(${list(ticketless)}): their payment went through, and only then ` +
        "did the seller find the tickets gone",
    };
  }
  if (options.allSold) {
    for (const event of events) {
      const away = sales.filter(
        (s) => s.event === event && answers.get(s.buyer) !== "sold",
      );
      if (office.left(event) > 0 && away.length > 0) {
        return {
          hint: HINT.inLine,
          observed:
            `turned away ${away.length} buyer(s) of ${event} ` +
            `(${list(away.map((s) => s.buyer))}), though it still had ` +
            `${office.left(event)} ticket(s) left: a buyer who finds the ` +
            "event busy must wait for its turn, not be sent away",
        };
      }
    }
  }
  return null;
}

interface Probe {
  failure: Failure | null;
  requests: RequestRecord[];
}

interface Sale {
  event: string;
  buyer: string;
}

interface Setup {
  stock: Record<string, number>;
  route: Parameters<typeof makeBank>[2];
  sales: Sale[];
  deadlineMs: number;
  /** Starts the sales; by default every one at once, in order. */
  start?: (sell: Sell, answers: Map<string, Answer>) => Promise<unknown>;
}

interface Ran {
  office: TicketOffice;
  bank: Bank;
  answers: Map<string, Answer>;
  events: string[];
  sales: Sale[];
  requests: RequestRecord[];
}

/** One sale as `setup` says, on a fresh server log. */
async function runProbe(
  impl: Impl,
  server: ServerClient,
  agent: http.Agent,
  setup: Setup,
): Promise<Ran> {
  const office = new TicketOffice(setup.stock);
  const bank = makeBank(server, agent, setup.route);
  const answers = new Map<string, Answer>();
  const sell = impl.createSeller(office, bank.pay);
  const start = setup.start ?? ((s, a) => sellAll(s, setup.sales, a));
  const run = await observe(server, setup.deadlineMs, () =>
    start(sell, answers),
  );
  const events = Object.keys(setup.stock);
  return { office, bank, answers, events, sales: setup.sales, ...run };
}

/** The verdict on a sale that no barrier gave up on; `judge`'s otherwise. */
function judged(ran: Ran, allSold: boolean, alone: string): Probe {
  const { office, events, sales, answers, bank, requests } = ran;
  const timedOut = bank.timedOut();
  if (timedOut !== null) {
    return {
      requests,
      failure: {
        hint: HINT.perEvent,
        observed:
          `sales of different events waited for each other: ${alone}. ` +
          `It gave up on ${timedOut}'s payment, which came alone. A lock ` +
          "for every event at once makes unrelated sales wait in one line",
      },
    };
  }
  return {
    requests,
    failure: judge(office, events, sales, answers, bank, { allSold }),
  };
}

const EVENTS = ["jazz", "opera", "rock"];

function differentEvents(
  impl: Impl,
  server: ServerClient,
  agent: http.Agent,
): Promise<Probe> {
  // Three events, one buyer each. Each payment waits at one barrier until
  // all three are there, which only code that sells them at the same time
  // can manage.
  const key = randomUUID().slice(0, 8);
  const timeoutMs = 1500;
  return runProbe(impl, server, agent, {
    stock: { jazz: 1, opera: 1, rock: 1 },
    route: (event) =>
      `/barrier/3?key=${key}&timeout=${timeoutMs}&event=${event}`,
    sales: EVENTS.map((event) => ({ event, buyer: `${event} 1` })),
    deadlineMs: 5000,
  }).then((ran) =>
    judged(
      ran,
      true,
      "one buyer each of jazz, opera and rock paid one at a time, and " +
        "the bank answers only once all three payments are there (within " +
        `${timeoutMs} ms)`,
    ),
  );
}

function manyBuyers(
  impl: Impl,
  server: ServerClient,
  agent: http.Agent,
): Promise<Probe> {
  // Three events of 3 tickets, 6 buyers each, all asking at once. The n-th
  // payment of every event meets the n-th of the others at a barrier. The
  // odd stock catches a lock that lets two buyers in at once: both see the
  // last ticket.
  const key = randomUUID().slice(0, 8);
  return runProbe(impl, server, agent, {
    stock: { jazz: 3, opera: 3, rock: 3 },
    route: (_event, buyer, nth) =>
      `/barrier/3?key=${key}-${nth}&timeout=3000` +
      `&buyer=${encodeURIComponent(buyer)}`,
    sales: [1, 2, 3, 4, 5, 6].flatMap((n) =>
      EVENTS.map((event) => ({ event, buyer: `${event} ${n}` })),
    ),
    deadlineMs: 6000,
  }).then((ran) =>
    judged(
      ran,
      true,
      "the bank answers a payment once one for each of the three events " +
        "is there",
    ),
  );
}

const inRow = (count: number): Sale[] =>
  Array.from({ length: count }, (_, i) => ({
    event: "gig",
    buyer: `buyer ${i + 1}`,
  }));

async function failedPayment(
  impl: Impl,
  server: ServerClient,
  agent: http.Agent,
): Promise<Probe> {
  // One event of 3 tickets, 5 buyers in a row; buyer 2's payment fails.
  const ran = await runProbe(impl, server, agent, {
    stock: { gig: 3 },
    route: (_event, buyer) =>
      buyer === "buyer 2" ? "/status/402?buyer=2" : "/delay/5?pay",
    sales: inRow(5),
    deadlineMs: 2000,
  });
  const { office, answers, bank, requests } = ran;
  const after = ran.sales.slice(2).filter((s) => !answers.has(s.buyer));
  const told = answers.get("buyer 2");
  if (told === "payment failed" && after.length > 0) {
    return {
      requests,
      failure: {
        hint: HINT.release,
        observed:
          `after buyer 2's payment failed, ${list(after.map((s) => s.buyer))} ` +
          "never got an answer: the lock was not given back when the " +
          "payment threw",
      },
    };
  }
  const judgedSale = judged(ran, false, "");
  if (judgedSale.failure !== null) return judgedSale;
  if (!bank.asked.includes("buyer 2")) {
    return {
      requests,
      failure: {
        hint: HINT.inLine,
        observed:
          `served out of order: buyer 2, second to ask, was never asked to ` +
          `pay and was told "${told}", while the tickets went to ` +
          `${list(office.holders("gig"))}`,
      },
    };
  }
  if (told !== "payment failed") {
    return {
      requests,
      failure: {
        hint: HINT.release,
        observed: `buyer 2's payment failed, yet they were told "${told}"`,
      },
    };
  }
  if (office.holders("gig").includes("buyer 2")) {
    return {
      requests,
      failure: {
        hint: HINT.race,
        observed:
          "buyer 2's payment failed, yet buyer 2 still holds a ticket: " +
          "the ticket taken before the payment was not given back when " +
          "it failed, so one of the 3 went to a buyer who never paid",
      },
    };
  }
  return { requests, failure: null };
}

async function inOrder(
  impl: Impl,
  server: ServerClient,
  agent: http.Agent,
): Promise<Probe> {
  // One event of 5 tickets; buyers 1 to 5 ask at once, and buyer 6 asks
  // the moment buyer 1's sale is done: the first five to ask get them.
  const sales = inRow(6);
  const ran = await runProbe(impl, server, agent, {
    stock: { gig: 5 },
    route: (_event, buyer) =>
      buyer === "buyer 1" ? "/delay/30?pay=1" : "/delay/5?pay",
    sales,
    deadlineMs: 3000,
    start: async (sell, answers) => {
      const first = settle(sell, "gig", "buyer 1", answers);
      const rest = sales
        .slice(1, 5)
        .map(({ buyer }) => settle(sell, "gig", buyer, answers));
      const last = first.then(() => settle(sell, "gig", "buyer 6", answers));
      await Promise.all([first, ...rest, last]);
    },
  });
  const judgedSale = judged(ran, false, "");
  if (judgedSale.failure !== null) return judgedSale;
  const holders = ran.office.holders("gig");
  const wanted = sales.slice(0, 5).map((s) => s.buyer);
  if (holders.join() === wanted.join()) {
    return { requests: ran.requests, failure: null };
  }
  const missed = wanted.filter((buyer) => !holders.includes(buyer));
  return {
    requests: ran.requests,
    failure: {
      hint: HINT.inLine,
      observed:
        `served out of order: the tickets went to ${holders.join(", ")}, ` +
        `in that order` +
        (missed.length > 0 && holders.includes("buyer 6")
          ? `. Buyer 6, who asked last, got one, and ${list(missed)}, ` +
            "who had been waiting, did not"
          : "") +
        ". A buyer who waits must be served before anyone who comes later",
    },
  };
}

export async function check(
  impl: Impl,
  server: ServerClient,
): Promise<Verdict> {
  const missing = missingExports(impl, ["createSeller"]);
  if (missing !== undefined) return missing;
  const agent = new http.Agent({ keepAlive: true });
  try {
    for (const probe of [differentEvents, manyBuyers, failedPayment, inOrder]) {
      const { failure, requests } = await probe(impl, server, agent);
      if (failure !== null) {
        return {
          passed: false,
          expected: EXPECTED,
          observed: failure.observed,
          hint: failure.hint,
          requests,
          ...(failure.details && { details: failure.details }),
        };
      }
    }
    const { requests } = await server.stats();
    return {
      passed: true,
      expected: EXPECTED,
      observed:
        "three events sold at the same time; 18 buyers of 9 tickets got " +
        "exactly 9, with nobody charged for nothing; a failed payment " +
        "held nobody up; and the first five of six buyers got the five " +
        "tickets, in the order they asked",
      requests: requests.filter((r) => !r.path.startsWith("/stats")),
    };
  } finally {
    agent.destroy();
  }
}
