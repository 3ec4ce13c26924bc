import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "../../src/lib/loopback.ts";

describe("isLoopbackHost", () => {
  it.for([
    "localhost",
    "LOCALHOST",
    "api.localhost",
    "127.0.0.1",
    "127.10.20.30",
    "[::1]",
    "::1",
    "0:0:0:0:0:0:0:1",
    "[::ffff:127.0.0.1]",
    // How `URL` writes [::ffff:127.0.0.1].
    "[::ffff:7f00:1]",
  ])("takes %s for this machine", (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.for([
    "example.com",
    "localhost.example.com",
    "10.0.0.1",
    "128.0.0.1",
    "0.0.0.0",
    "[::]",
    "[2001:db8::1]",
    "[::ffff:10.0.0.1]",
    "[::ffff:a00:1]",
    "127.0.0.1.nip.io",
  ])("takes %s for somewhere else", (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });
});
