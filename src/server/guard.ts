// Nobody else's web page may change the server's state. A page on another
// site can make the learner's browser send requests here: a form or `fetch`
// posting across sites (CSRF), or a name of the attacker's that resolves to
// 127.0.0.1 (DNS rebinding). Browsers always say where such a request comes
// from, in `Origin` and `Host`, so a state-changing request is answered only
// when its Host is a name of this machine and its Origin, if any, is too.
import { networkInterfaces } from "node:os";

// 127.0.0.0/8 is loopback, written as four decimal bytes.
const LOOPBACK_V4 = /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
// A Host header: a name, an IPv4 address or a bracketed IPv6 address, then
// an optional port.
const HOST = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::\d{1,5})?$/i;

/** The host names a request may use to change state here. */
export interface HostNames {
  /** Extra addresses of this machine, lower case, IPv6 in brackets. */
  readonly extra: ReadonlySet<string>;
}

/**
 * The names that count as this machine beyond the loopback ones: the
 * address the server listens on, or every interface's address when it
 * listens on all of them (so a workshop room can reach a facilitator's
 * server by its address). Never a name that DNS could rebind.
 */
export function hostNames(listenHost: string): HostNames {
  const extra = new Set<string>();
  const add = (address: string): void => {
    extra.add(address.includes(":") ? `[${address.toLowerCase()}]` : address);
  };
  if (listenHost === "0.0.0.0" || listenHost === "::") {
    for (const list of Object.values(networkInterfaces())) {
      for (const entry of list ?? []) add(entry.address);
    }
  } else if (/^[\d.]+$/.test(listenHost) || listenHost.includes(":")) {
    add(listenHost);
  }
  return { extra };
}

function isLoopbackName(name: string): boolean {
  return name === "localhost" || name === "[::1]" || LOOPBACK_V4.test(name);
}

/** The name part of a Host header, lower case, or undefined if malformed. */
function hostName(host: string): string | undefined {
  return HOST.exec(host)?.[1]?.toLowerCase();
}

/**
 * Why a state-changing request must be refused, in words, or undefined
 * when it may go ahead. `host` and `origin` are the request's headers.
 */
export function stateChangeRefusal(
  host: string | undefined,
  origin: string | undefined,
  names: HostNames,
): string | undefined {
  const name = host === undefined ? undefined : hostName(host);
  if (name === undefined || !(isLoopbackName(name) || names.extra.has(name))) {
    const seen = host === undefined ? "no Host header" : `Host '${host}'`;
    return (
      `refused: ${seen} is not a loopback name of this server ` +
      "(localhost, 127.x.x.x or [::1], with the port); a web page from " +
      "another name may not change this server's state (DNS rebinding)"
    );
  }
  if (origin === undefined || isOwnOrigin(origin, host ?? "")) return;
  return (
    `refused: Origin '${origin}' is neither this server nor ` +
    "http://localhost or http://127.0.0.1 (any port); another site's page " +
    "may not change this server's state (cross-site request)"
  );
}

function isOwnOrigin(origin: string, host: string): boolean {
  if (origin.toLowerCase() === `http://${host.toLowerCase()}`) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (
    url.protocol === "http:" &&
    url.origin === origin &&
    (url.hostname === "localhost" || url.hostname === "127.0.0.1")
  );
}
