// An order service with five bugs. It works when you try it by hand, one
// request at a time; it goes wrong under load, when something fails, and
// when it is stopped. Find each bug with a tool from the lesson and fix it.
// `npm run verify -- 16` names the bugs that are still there.
//
// TODO: find and fix the five bugs. Keep the routes, the answers and the
// log lines as they are: the check reads them.
import { pbkdf2Sync } from "node:crypto";
import {
  closeServer,
  listen,
  logger,
  RECEIPT_ROUNDS,
  STOCK,
  upstreamText,
  type Answer,
  type Order,
  type Service,
  type ServiceOptions,
} from "../order-service.ts";

export async function startService(options: ServiceOptions): Promise<Service> {
  const log = logger(options);
  const orders: Order[] = [];
  let nextId = 1;

  // Lookups of one item that overlap share one upstream request.
  const waiting = new Map<string, ((stock: number) => void)[]>();
  function stockOf(item: string, done: (stock: number) => void): void {
    const waiters = waiting.get(item);
    if (waiters !== undefined) {
      waiters.push(done);
      return;
    }
    waiting.set(item, [done]);
    const answered = () => {
      const stock = STOCK[item] ?? 0;
      for (const waiter of waiting.get(item) ?? []) waiter(stock);
      waiting.delete(item);
    };
    upstreamText(options, options.paths.stock).then(answered, answered);
  }

  async function saveOrder(order: Order): Promise<void> {
    await upstreamText(options, options.paths.save);
    orders.push(order);
    log(`saved order ${order.id}`);
  }

  async function audit(order: Order): Promise<void> {
    await upstreamText(options, `${options.paths.audit}?order=${order.id}`);
  }

  function signature(order: Order): string {
    const text = JSON.stringify(order);
    return pbkdf2Sync(text, "receipt", RECEIPT_ROUNDS, 32, "sha256").toString(
      "hex",
    );
  }

  async function placeOrder(item: string): Promise<Answer> {
    log(`order for ${item}`);
    const stock = await new Promise<number>((resolve) =>
      stockOf(item, (count) => {
        log(`stock of ${item}: ${count}`);
        resolve(count);
      }),
    );
    const order = { id: nextId++, item, stock };
    saveOrder(order);
    // The audit may finish after the answer: nobody waits for it.
    audit(order);
    log(`answered order ${order.id}`);
    return { status: 201, body: order };
  }

  async function receipt(id: number): Promise<Answer> {
    const order = orders.find((each) => each.id === id);
    if (order === undefined)
      return { status: 404, body: { error: "no order" } };
    return { status: 200, body: { id, signature: signature(order) } };
  }

  const { url, server } = await listen(async (method, where) => {
    const receiptPath = /^\/orders\/(\d+)\/receipt$/.exec(where.pathname);
    if (method === "POST" && where.pathname === "/orders") {
      return placeOrder(where.searchParams.get("item") ?? "apple");
    }
    if (method === "GET" && where.pathname === "/orders") {
      return { status: 200, body: orders };
    }
    if (method === "GET" && receiptPath !== null) {
      return receipt(Number(receiptPath[1]));
    }
    return { status: 404, body: { error: "no such route" } };
  });

  setInterval(() => {
    log(`metrics: ${orders.length} orders`);
  }, options.metricsEveryMs);

  return {
    url,
    close: () => closeServer(server),
  };
}
