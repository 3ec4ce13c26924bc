// One URL, one spelling: `./a`, `a?`, `a#x`, `/site/a` and `/site/./a`
// all become `http://host:port/site/a`, so the crawler's set of seen
// URLs holds each page once.

// #region normalize
/** The absolute, canonical form of `href` on page `base`; null when it is
 * not an http(s) URL (mailto:, tel:, javascript:, or not a URL at all). */
export function normalizeUrl(href: string, base: string | URL): string | null {
  // `URL.parse` returns null instead of throwing on what is no URL.
  const url = URL.parse(href.trim(), base);
  if (url === null) return null;
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  // `URL` already lower-cases the host, drops a default port and resolves
  // `.` and `..`; a fragment never reaches the server, and a lone `?` is
  // the same request as none (`search` reads "" for it; setting "" drops
  // the `?` from `href`).
  url.hash = "";
  if (url.search === "") url.search = "";
  return url.href;
}
// #endregion
