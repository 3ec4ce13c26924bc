// More source addresses, more ports: every address of 127.0.0.0/8 is this
// machine, and each one has a range of ephemeral ports of its own. The
// client spreads its connections over several with `localAddress`; the
// server's end of each connection, in /proc/net/tcp, names the address.
import { readTcpTable } from "../../src/lib/linux-proc.ts";
import { pauseOfKeepalive, runKeepAlive } from "./keepalive-client.ts";

/** The server's open connections on `port`, by the client's address. */
function byClientAddress(port: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of readTcpTable() ?? []) {
    if (entry.localPort !== port || entry.state !== "ESTABLISHED") continue;
    counts.set(entry.remoteAddress, (counts.get(entry.remoteAddress) ?? 0) + 1);
  }
  return counts;
}

/** Opens `perAddress` connections from each of `addresses` to `url`, and
 * answers the most the server held from each at once. */
export async function spreadOverSources(
  url: string,
  addresses: string[],
  perAddress: number,
): Promise<Map<string, number>> {
  const port = Number(new URL(url).port);
  const most = new Map<string, number>();
  await runKeepAlive({
    url,
    connections: addresses.length * perAddress,
    rate: 5000,
    seconds: 0.6,
    pause: pauseOfKeepalive(4),
    localAddresses: addresses,
    reportMs: 250,
    onReport() {
      for (const [address, n] of byClientAddress(port)) {
        most.set(address, Math.max(most.get(address) ?? 0, n));
      }
    },
  });
  return most;
}
