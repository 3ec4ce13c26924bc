// Whether a URL points at this machine only. Load tools send their traffic
// to loopback unless told otherwise: a load test of someone else's server
// is an attack.
import { isIP } from "node:net";

/** True for localhost, 127.0.0.0/8, ::1 and ::ffff:127.x.x.x. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (isIP(host) === 4) return host.startsWith("127.");
  if (isIP(host) === 6) {
    if (host === "::1" || /^(0+:){7}0*1$/.test(host)) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(host);
    return mapped !== null && (mapped[1] ?? "").startsWith("127.");
  }
  return false;
}
