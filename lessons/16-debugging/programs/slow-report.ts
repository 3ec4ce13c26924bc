// A report that takes too long: every order looks its customer up in a
// list, one by one. Run under `node --cpu-prof`, the profile says where the
// time went; the fixed version indexes the customers in a Map first.
// Usage: node slow-report.ts slow|fixed
const [mode = "slow"] = process.argv.slice(2);

interface Customer {
  id: number;
  name: string;
}
interface Order {
  id: number;
  customerId: number;
  cents: number;
}

// A fixed recipe of customers and orders: the same report every run.
const customers: Customer[] = Array.from({ length: 5000 }, (_, i) => ({
  id: i * 7,
  name: `Customer <${i}> & Sons`,
}));
const orders: Order[] = Array.from({ length: 30_000 }, (_, i) => ({
  id: i,
  customerId: ((i * 7919) % 5000) * 7,
  cents: (i * 37) % 10_000,
}));

function escapeHtml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;");
}

function formatLine(order: Order, customer: Customer): string {
  const euros = (order.cents / 100).toFixed(2);
  return `<li>#${order.id} ${escapeHtml(customer.name)}: ${euros}</li>`;
}

// #region slow
function buildReport(): string {
  const lines: string[] = [];
  for (const order of orders) {
    // Look for the order's customer: one by one, through the whole list.
    let customer: Customer | undefined;
    for (const candidate of customers) {
      if (candidate.id === order.customerId) {
        customer = candidate;
        break;
      }
    }
    if (customer === undefined) throw new Error(`no customer`);
    lines.push(formatLine(order, customer));
  }
  return lines.join("\n");
}
// #endregion

// #region fixed
function buildReportFixed(): string {
  // One pass to index the customers; then each lookup is one step.
  const byId = new Map(customers.map((customer) => [customer.id, customer]));
  const lines = orders.map((order) => {
    const customer = byId.get(order.customerId);
    if (customer === undefined) throw new Error(`no customer`);
    return formatLine(order, customer);
  });
  return lines.join("\n");
}
// #endregion

const started = performance.now();
const report = mode === "fixed" ? buildReportFixed() : buildReport();
const ms = performance.now() - started;
console.log(`${report.split("\n").length} lines in ${Math.round(ms)} ms`);
