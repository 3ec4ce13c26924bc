import { describe, expect, test } from "vitest";
import {
  parseFileLimit,
  parseMeminfo,
  parsePortRange,
  parseProcNetTcp,
  parseSlabinfo,
  parseStat,
  parseStatus,
} from "../../src/lib/linux-proc.ts";

describe("reading /proc", () => {
  test("reads the open-file limit, unlimited as Infinity", () => {
    const table =
      "Limit                     Soft Limit           Hard Limit           Units     \n" +
      "Max processes             unlimited            unlimited            processes \n" +
      "Max open files            1024                 524288               files     \n";
    expect(parseFileLimit(table)).toEqual({ soft: 1024, hard: 524288 });
    expect(
      parseFileLimit("Max open files  unlimited  unlimited  files"),
    ).toEqual({ soft: Infinity, hard: Infinity });
    expect(parseFileLimit("nothing")).toBeNull();
  });

  test("reads the ephemeral port range and counts its ports", () => {
    expect(parsePortRange("32768\t60999\n")).toEqual({
      low: 32768,
      high: 60999,
      count: 28232,
    });
    expect(() => parsePortRange("60999 32768")).toThrow(/not a port range/);
  });

  test("reads sockets, their addresses and states from /proc/net/tcp", () => {
    const text =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n" +
      "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0\n" +
      "   1: 0200007F:8001 0100007F:1F90 06 00000000:00000000 03:00001770 00000000     0        0 0 3 0\n";
    expect(parseProcNetTcp(text)).toEqual([
      {
        localAddress: "127.0.0.1",
        localPort: 8080,
        remoteAddress: "0.0.0.0",
        remotePort: 0,
        state: "LISTEN",
        timerTicks: 0,
      },
      {
        localAddress: "127.0.0.2",
        localPort: 32769,
        remoteAddress: "127.0.0.1",
        remotePort: 8080,
        state: "TIME_WAIT",
        // 0x1770 ticks: 60 s at 100 a second.
        timerTicks: 6000,
      },
    ]);
  });

  test("reads IPv6 addresses, an IPv4-mapped one as plain IPv4", () => {
    const text =
      "  sl  local_address                         remote_address                        st\n" +
      "   0: 0000000000000000FFFF00000100007F:1F90 00000000000000000000000001000000:0050 01 x\n";
    expect(parseProcNetTcp(text)).toEqual([
      {
        localAddress: "127.0.0.1",
        localPort: 8080,
        remoteAddress: "::1",
        remotePort: 80,
        state: "ESTABLISHED",
        timerTicks: 0,
      },
    ]);
  });

  test("reads resident memory and its high-water mark", () => {
    const text = "Name:\tnode\nVmHWM:\t   80000 kB\nVmRSS:\t   60220 kB\n";
    expect(parseStatus(text)).toEqual({ rssKb: 60220, hwmKb: 80000 });
  });

  test("reads CPU ticks even when the command name holds spaces and parens", () => {
    const fields = Array.from({ length: 40 }, (_, i) => i + 3);
    const text = `42 (a (b) c) S ${fields.slice(1).join(" ")}`;
    // utime is field 14, stime 15, cutime 16, cstime 17 of the line.
    expect(parseStat(text)).toEqual({
      ownTicks: 14 + 15,
      childrenTicks: 16 + 17,
    });
  });

  test("reads meminfo fields in KiB", () => {
    const fields = parseMeminfo(
      "MemTotal:       24683732 kB\nSlab:             254552 kB\nActive(anon):   1 kB\n",
    );
    expect(fields.get("Slab")).toBe(254552);
    expect(fields.get("Active(anon)")).toBe(1);
  });

  test("reads the caches of slabinfo: objects in use and their size", () => {
    const text =
      "slabinfo - version: 2.1\n" +
      "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables\n" +
      "TCP                  100    156   2368   13    8 : tunables    0    0    0 : slabdata     12     12      0\n" +
      "filp                 991   1890    192   21    1 : tunables    0    0    0 : slabdata     90     90      0\n";
    const caches = parseSlabinfo(text);
    expect([...caches.keys()]).toEqual(["TCP", "filp"]);
    expect(caches.get("TCP")).toEqual({ activeObjects: 100, objectSize: 2368 });
  });
});
