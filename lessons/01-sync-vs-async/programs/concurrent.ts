// The concurrent run of this lesson as a program of its own, for the loop
// tracer: GET /bar and GET /foo started together, then both awaited.
// Usage: node concurrent.ts <server-url>
import { fetchConcurrently } from "../fetch-all.ts";

export async function main([serverUrl = ""]: string[]): Promise<void> {
  console.log("start both requests");
  const bodies = await fetchConcurrently(serverUrl, ["/bar", "/foo"]);
  for (const body of bodies) console.log(`got: ${body.trim()}`);
}

if (import.meta.main) await main(process.argv.slice(2));
