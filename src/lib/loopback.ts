// Whether a URL points at this machine only. Load tools send their traffic
// to loopback unless told otherwise: a load test of someone else's server
// is an attack.
import { BlockList, isIP } from "node:net";

// Node's BlockList also matches IPv4-mapped IPv6 addresses in any spelling
// (`::ffff:127.0.0.1`, and `::ffff:7f00:1`, the form `URL` writes).
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** True for localhost, 127.0.0.0/8, ::1 and ::ffff:127.x.x.x. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  const family = isIP(host);
  if (family === 0) return false;
  return LOOPBACK.check(host, family === 4 ? "ipv4" : "ipv6");
}
