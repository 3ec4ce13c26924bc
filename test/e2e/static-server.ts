// The browser tests serve dist/ the way `npm start` does: the same static
// server (src/lib/static-site.ts), on a free port.
export { serveStatic, type StaticSite } from "../../src/lib/static-site.ts";
