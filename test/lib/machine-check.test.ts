import { describe, expect, test } from "vitest";
import {
  diagnose,
  report,
  wrap,
  type MachineFacts,
} from "../../src/lib/machine-check.ts";
import type { TcpEntry } from "../../src/lib/linux-proc.ts";

const WANTED = { connections: 10_000, backlog: 1024 };

function facts(more: Partial<MachineFacts> = {}): MachineFacts {
  return {
    nodeVersion: "v24.21.0",
    fileLimit: { soft: 20_000, hard: 20_000 },
    shellFileLimit: { soft: 20_000, hard: 20_000 },
    portRange: { low: 32768, high: 60999, count: 28232 },
    sockets: [],
    somaxconn: 4096,
    synBacklog: 2048,
    memAvailableKb: 8 * 1024 * 1024,
    python: "Python 3.11.7",
    cores: 2,
    load1: 0.5,
    ...more,
  };
}

function waiting(count: number, firstPort = 32768): TcpEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    localAddress: "127.0.0.1",
    localPort: firstPort + i,
    remoteAddress: "127.0.0.1",
    remotePort: 8080,
    state: "TIME_WAIT",
    timerTicks: 6000,
  }));
}

const statusOf = (findings: ReturnType<typeof diagnose>, title: RegExp) =>
  findings.find((f) => title.test(f.title))?.status;

describe("the machine check", () => {
  test("passes a machine that has room for everything", () => {
    const findings = diagnose(facts(), WANTED);
    expect(findings.filter((f) => f.status !== "ok")).toEqual([]);
    expect(report(findings, WANTED).at(-1)).toBe(
      "Ready for 10,000 connections.",
    );
  });

  test("fails an old Node and says how to get Node 24", () => {
    const findings = diagnose(facts({ nodeVersion: "v20.19.0" }), WANTED);
    expect(statusOf(findings, /^Node/)).toBe("fail");
    expect(findings[0]?.advice).toMatch(/npm run/);
  });

  test("fails a hard open-file limit too low, and says only root can raise it", () => {
    const findings = diagnose(
      facts({ fileLimit: { soft: 4096, hard: 4096 } }),
      WANTED,
    );
    const file = findings.find((f) => /open-file/.test(f.title));
    expect(file?.status).toBe("fail");
    expect(file?.advice).toMatch(/Only root/);
    expect(report(findings, WANTED).at(-1)).toMatch(/^Not ready/);
  });

  test("warns of a low soft limit in the shell, which Python keeps", () => {
    const findings = diagnose(
      facts({ shellFileLimit: { soft: 1024, hard: 20_000 } }),
      WANTED,
    );
    const shell = findings.find((f) => /shell/.test(f.title));
    expect(shell?.status).toBe("warn");
    expect(shell?.advice).toMatch(/ulimit -n 20000/);
  });

  test("counts ports held in TIME_WAIT and warns when too few are free", () => {
    const findings = diagnose(facts({ sockets: waiting(20_000) }), WANTED);
    const ports = findings.find((f) => /ephemeral ports/.test(f.title));
    expect(ports?.title).toMatch(/8,232 free now/);
    expect(ports?.status).toBe("warn");
    expect(ports?.advice).toMatch(/20,000 of them by sockets in TIME_WAIT/);
    expect(findings.find((f) => /^TIME_WAIT/.test(f.title))?.title).toBe(
      "TIME_WAIT: 20,000 sockets, 20,000 of them holding an ephemeral port",
    );
  });

  test("says how many source addresses a range too small needs", () => {
    const findings = diagnose(facts(), { ...WANTED, connections: 60_000 });
    const ports = findings.find((f) => /ephemeral ports/.test(f.title));
    expect(ports?.advice).toMatch(/--sources 3/);
  });

  test("warns when somaxconn cuts the server's backlog", () => {
    const findings = diagnose(facts({ somaxconn: 128 }), WANTED);
    expect(statusOf(findings, /listen backlog/)).toBe("warn");
  });

  test("fails too little memory, and warns of busy cores and no python3", () => {
    const findings = diagnose(
      facts({ memAvailableKb: 100 * 1024, python: null, load1: 9 }),
      WANTED,
    );
    expect(statusOf(findings, /^memory/)).toBe("fail");
    expect(statusOf(findings, /^python3/)).toBe("warn");
    expect(statusOf(findings, /^CPU/)).toBe("warn");
  });

  test("wraps advice at word boundaries", () => {
    expect(wrap("one two three four", 9)).toEqual(["one two", "three", "four"]);
    expect(wrap("averyveryverylongword x", 5)).toEqual([
      "averyveryverylongword",
      "x",
    ]);
  });
});
