// The runs of lesson 15, for `npm run lesson -- 15` and the recorded page
// output.
import { fetchPath } from "../01-sync-vs-async/fetch-path.ts";
import { formatMs } from "../../src/lib/format.ts";
import type { LessonRun, RunContext } from "../../src/lib/lesson-types.ts";
import { serverClient } from "../../src/server/client.ts";
import { account, runTransfers } from "./deadlock.ts";
import {
  addUpAwaitFirst,
  addUpCompound,
  forAwaitTurns,
  sellWithHelper,
} from "./hidden-awaits.ts";
import { runPythonOriginal, type PythonSale } from "./python-original.ts";
import {
  barrierPay,
  delayPay,
  peakOverlap,
  runSale,
  type SaleOptions,
  type SaleReport,
} from "./sale.ts";
import { lockedSeller, sellReserving, sellUnsafe, type Sell } from "./sell.ts";
import { lostUpdateAtBarrier } from "./lost-update.ts";
import { countInWorkers, type CountMode } from "./shared-counter.ts";
import { TicketOffice } from "./ticket-office.ts";
import { asyncMutexSeller } from "./with-async-mutex.ts";

const BUYERS = 10;
const TICKETS = 3;
const APART_MS = 5;
const ROUNDS = 5;

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** An office that says what happens to its count, as it happens. */
class TracedOffice extends TicketOffice {
  readonly #print: (line: string) => void;

  constructor(stock: Record<string, number>, print: (line: string) => void) {
    super(stock);
    this.#print = print;
  }

  override take(event: string, buyer: string): void {
    super.take(event, buyer);
    this.#print(`  a buyer takes a ticket: ${this.left(event)} left`);
  }
}

async function interleave(ctx: RunContext): Promise<void> {
  const print = (line: string) => ctx.print(line);
  const office = new TracedOffice({ gig: 1 }, print);
  const pay = async (_event: string, buyer: string) => {
    print(`${buyer} pays: GET /barrier/2, which waits for both payments`);
    const path = `/barrier/2?buyer=${buyer}&key=interleave&timeout=5000`;
    await fetchPath(ctx.serverUrl, path, { signal: ctx.signal });
  };
  const buy = async (buyer: string) => {
    print(`${buyer} looks: ${count(office.left("gig"), "ticket")} left`);
    return sellUnsafe(office, pay, "gig", buyer);
  };
  print("one ticket, two buyers, no lock");
  // Both start in this turn: A runs up to its first `await`, then B does.
  const outcomes = await Promise.all([buy("A"), buy("B")]);
  print(`A was told "${outcomes[0]}", B was told "${outcomes[1]}"`);
  const left = office.left("gig");
  print(`tickets left: ${left}, oversold by ${office.oversold("gig")}`);
}

function saleLine(report: SaleReport): string {
  return (
    `sold ${report.sold} of ${TICKETS}, ${report.oversold} oversold, ` +
    `${count(report.outcomes.length - report.sold, "buyer")} told "sold out"`
  );
}

/** `ROUNDS` sales of `TICKETS` to `BUYERS`; the server's log is cleared
 * before each, so the recording keeps the last one's. */
async function rounds(
  ctx: RunContext,
  seller: SaleOptions["seller"],
  payPath: (round: number) => SaleOptions["payPath"],
): Promise<SaleReport[]> {
  const client = serverClient(ctx.serverUrl, ctx.echo);
  const reports: SaleReport[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    await client.reset();
    const report = await runSale({
      serverUrl: ctx.serverUrl,
      tickets: TICKETS,
      buyers: BUYERS,
      apartMs: APART_MS,
      payPath: payPath(round),
      seller,
      signal: ctx.signal,
    });
    ctx.print(`round ${round}: ${saleLine(report)}`);
    reports.push(report);
  }
  return reports;
}

const unsafe =
  (office: TicketOffice, pay: Parameters<typeof sellUnsafe>[1]): Sell =>
  (event, buyer) =>
    sellUnsafe(office, pay, event, buyer);

async function oversell(ctx: RunContext): Promise<void> {
  ctx.print(
    `${BUYERS} buyers, ${APART_MS} ms apart, ${TICKETS} tickets, no lock; ` +
      `each pays at a barrier of ${BUYERS}`,
  );
  const reports = await rounds(ctx, unsafe, (round) =>
    barrierPay(BUYERS, `oversell-${round}`),
  );
  const looks = reports.map((r) => r.looksBeforeFirstTake).join(", ");
  ctx.print(`looks at the count before the first ticket was taken: ${looks}`);
  const always = reports.every((r) => r.oversold === BUYERS - TICKETS);
  ctx.print(
    `oversold by ${BUYERS - TICKETS} in ` +
      `${always ? ROUNDS : "NOT all"} of ${ROUNDS} rounds`,
  );
}

async function locked(ctx: RunContext): Promise<void> {
  ctx.print(
    `the same ${BUYERS} buyers and ${TICKETS} tickets, a lock per event; ` +
      `each payment takes 20 ms`,
  );
  const reports = await rounds(ctx, lockedSeller, () => delayPay(20));
  const looks = reports.map((r) => r.looksBeforeFirstTake).join(", ");
  ctx.print(`looks at the count before the first ticket was taken: ${looks}`);
  const { requests } = await serverClient(ctx.serverUrl, ctx.echo).stats();
  const payments = requests.filter((r) => r.path.includes("pay="));
  ctx.print(
    `in the last round, ${payments.length} payments, ` +
      `at most ${peakOverlap(payments)} at a time`,
  );
}

async function alternatives(ctx: RunContext): Promise<void> {
  const sale = (
    seller: SaleOptions["seller"],
    payPath: SaleOptions["payPath"],
  ) =>
    runSale({
      serverUrl: ctx.serverUrl,
      tickets: TICKETS,
      buyers: BUYERS,
      apartMs: APART_MS,
      payPath,
      seller,
      signal: ctx.signal,
    });
  const withLibrary = await sale(asyncMutexSeller, delayPay(20));
  ctx.print(`async-mutex, a Mutex per event:  ${saleLine(withLibrary)}`);
  const reserving = await sale(
    (office, pay) => (event, buyer) => sellReserving(office, pay, event, buyer),
    barrierPay(TICKETS, "reserving"),
  );
  ctx.print(`take first, then pay, no lock:   ${saleLine(reserving)}`);
  ctx.print(
    `  (its ${TICKETS} payments met at a barrier of ${TICKETS}: ` +
      "they ran at the same time)",
  );
}

async function hidden(ctx: RunContext): Promise<void> {
  const compound = await addUpCompound(ctx.serverUrl, 5);
  ctx.print(
    `five tasks, each "total += await oneFrom(...)": total ${compound}`,
  );
  const awaitFirst = await addUpAwaitFirst(ctx.serverUrl, 5);
  ctx.print(
    `five tasks, each "const one = await ...; total += one": total ${awaitFirst}`,
  );
  const office = new TicketOffice({ gig: TICKETS });
  const ledger: string[] = [];
  const outcomes = await Promise.all(
    Array.from({ length: BUYERS }, (_, i) =>
      sellWithHelper(office, ledger, "gig", `buyer ${i + 1}`),
    ),
  );
  const sold = outcomes.filter((o) => o === "sold").length;
  ctx.print(
    `${BUYERS} buyers, ${TICKETS} tickets, an awaited helper that waits for ` +
      `nothing: sold ${sold}, ${office.oversold("gig")} oversold`,
  );
  const order = await forAwaitTurns();
  ctx.print(
    `A's for await and B's awaits ran in this order: ${order.join(" ")}`,
  );
}

const INCREMENTS = 5_000_000;
const WORKERS = 2;

function percent(part: number, whole: number): string {
  return `${((100 * part) / whole).toFixed(1)}%`;
}

async function workers(ctx: RunContext): Promise<void> {
  ctx.print(
    `${WORKERS} workers add 1 to one shared counter, ` +
      `${INCREMENTS} times each: ${WORKERS * INCREMENTS} expected`,
  );
  const runs: [string, CountMode][] = [
    ["counter[0]++", "plain"],
    ["counter[0]++", "plain"],
    ["counter[0]++", "plain"],
    ["Atomics.add", "atomic"],
    ["SharedLock", "lock"],
  ];
  for (const [label, mode] of runs) {
    const report = await countInWorkers({
      workers: WORKERS,
      increments: INCREMENTS,
      mode,
      signal: ctx.signal,
    });
    ctx.print(
      // Plain digits: the drift check masks numbers, and a thousands
      // separator would make a line's shape depend on the count.
      `${label.padEnd(13)} counted ${report.counted}, lost ${report.lost} ` +
        `(${percent(report.lost, report.expected)}), in ${formatMs(report.ms)}` +
        (mode === "lock"
          ? `; the workers slept ${count(report.sleeps, "time")}`
          : ""),
    );
  }
  const atBarrier = await lostUpdateAtBarrier(WORKERS, ctx.signal);
  ctx.print(
    `read, barrier, write: each worker read ${atBarrier.seen.join(" and ")}; ` +
      `counted ${atBarrier.counted} of ${atBarrier.expected}`,
  );
}

async function deadlock(ctx: RunContext): Promise<void> {
  const bank = (signal: AbortSignal) =>
    fetchPath(ctx.serverUrl, "/delay/20?bank", {
      signal: AbortSignal.any([signal, ctx.signal]),
    });
  for (const ordered of [false, true]) {
    const a = account("A", 1, 100);
    const b = account("B", 2, 100);
    const report = await runTransfers(
      [
        { from: a, to: b, amount: 30 },
        { from: b, to: a, amount: 10 },
      ],
      { bank, ordered, deadlineMs: 500 },
    );
    ctx.print(
      ordered
        ? "locks taken in rank order (A before B) by both transfers:"
        : "A→B locks A then B; B→A locks B then A:",
    );
    ctx.print(`  ${report.completed} of 2 transfers went through`);
    if (report.cycle !== null) {
      ctx.print(`  after 500 ms the watchdog found a deadlock:`);
      for (const part of report.cycle.split("; ")) ctx.print(`    ${part}`);
      ctx.print("  and aborted both");
    }
    ctx.print(`  balances: A ${a.balance}, B ${b.balance}`);
  }
}

function pythonLine(label: string, sale: PythonSale, tickets: number): string {
  return `${label.padEnd(36)} sold ${sale.sold} of ${tickets}, ${sale.left} left`;
}

async function asyncio(ctx: RunContext): Promise<void> {
  const report = await runPythonOriginal(ctx.serverUrl, ctx.signal);
  if (report === null) {
    ctx.print("python3 is not installed here: nothing to compare with");
    return;
  }
  const { buyers, tickets } = report;
  ctx.print(`${buyers} buyers, ${tickets} tickets, in asyncio:`);
  ctx.print(
    pythonLine("no lock, paying at a barrier", report.withoutLock, tickets),
  );
  ctx.print(pythonLine("async with asyncio.Lock()", report.withLock, tickets));
  ctx.print(
    pythonLine(
      "no lock, awaiting a helper coroutine",
      report.awaitedHelper,
      tickets,
    ),
  );
  ctx.print(
    `five tasks, each "total += await one(...)": total ${report.compoundTotal}`,
  );
}

export const runs: LessonRun[] = [
  {
    name: "interleave",
    title: "Two buyers, one ticket, no lock",
    run: interleave,
  },
  {
    name: "oversell",
    title: `${BUYERS} buyers, ${TICKETS} tickets, no lock, ${ROUNDS} rounds`,
    run: oversell,
  },
  {
    name: "locked",
    title: `The same sale with a lock per event, ${ROUNDS} rounds`,
    run: locked,
  },
  {
    name: "alternatives",
    title: "async-mutex, and taking the ticket before paying",
    run: alternatives,
    timeline: false,
  },
  {
    name: "hidden",
    title: "Where the suspension points hide",
    run: hidden,
    timeline: false,
  },
  {
    name: "workers",
    title: "Two workers, one counter in shared memory",
    run: workers,
    timeline: false,
    variesByMachine:
      "how many updates are lost depends on how the machine's cores interleave the two workers, and changes from run to run",
  },
  {
    name: "deadlock",
    title: "Two locks in opposite orders, then in one order",
    run: deadlock,
    timeline: false,
  },
  {
    name: "asyncio",
    title: "The asyncio original: the same race and asyncio.Lock",
    run: asyncio,
    timeline: false,
  },
];
