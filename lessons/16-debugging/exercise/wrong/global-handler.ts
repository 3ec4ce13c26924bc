// Mistake: the audit is left floating and a process-wide 'unhandledRejection' listener logs it: the rejection is still unhandled, and a listener for the whole process is no place for one request's failure.
// Rejected for: nothing handled it
import { AsyncResource } from "node:async_hooks";
import { pbkdf2 } from "node:crypto";
import { promisify } from "node:util";
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
} from "../../order-service.ts";

export async function startService(options: ServiceOptions): Promise<Service> {
  const log = logger(options);
  process.on("unhandledRejection", (error) => {
    log(`audit failed: ${(error as Error).message}`);
  });
  const pbkdf2Async = promisify(pbkdf2);
  const orders: Order[] = [];
  let nextId = 1;

  // Lookups of one item that overlap share one upstream request.
  const waiting = new Map<string, ((stock: number) => void)[]>();
  function stockOf(item: string, done: (stock: number) => void): void {
    const waiters = waiting.get(item);
    // The lost request id (AsyncLocalStorage): a waiter is called from the
    // first lookup's context unless it is bound to its caller's.
    if (waiters !== undefined) {
      waiters.push(AsyncResource.bind(done));
      return;
    }
    waiting.set(item, [AsyncResource.bind(done)]);
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

  // The sync block (the watchdog): `pbkdf2` runs on libuv's thread pool,
  // and the loop serves other requests meanwhile.
  async function signature(order: Order): Promise<string> {
    const text = JSON.stringify(order);
    const key = await pbkdf2Async(
      text,
      "receipt",
      RECEIPT_ROUNDS,
      32,
      "sha256",
    );
    return key.toString("hex");
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
    // The forgotten await (no-floating-promises): answer once it is saved.
    await saveOrder(order);
    // The audit may finish after the answer: nobody waits for it. The
    // unhandled rejection (promise origins): its failure is handled, and
    // logged with the request's id.
    void audit(order);
    log(`answered order ${order.id}`);
    return { status: 201, body: order };
  }

  async function receipt(id: number): Promise<Answer> {
    const order = orders.find((each) => each.id === id);
    if (order === undefined)
      return { status: 404, body: { error: "no order" } };
    return { status: 200, body: { id, signature: await signature(order) } };
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

  // The leaked timer (getActiveResourcesInfo): close() clears it.
  const metrics = setInterval(() => {
    log(`metrics: ${orders.length} orders`);
  }, options.metricsEveryMs);

  return {
    url,
    close: () => {
      clearInterval(metrics);
      return closeServer(server);
    },
  };
}
