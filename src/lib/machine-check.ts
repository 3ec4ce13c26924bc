// What `npm run doctor` checks before the ten-thousand-connections lab: the
// facts of this machine (read from /proc where there is one), and what
// they mean for N connections, in words, with what to change. The facts
// and the verdicts are apart, so tests can feed the verdicts any machine.
import { spawnSync } from "node:child_process";
import { availableParallelism, loadavg } from "node:os";
import {
  parseFileLimit,
  parseMeminfo,
  parseNumber,
  parsePortRange,
  readProc,
  readTcpTable,
  type Limit,
  type PortRange,
  type TcpEntry,
} from "./linux-proc.ts";

export interface MachineFacts {
  nodeVersion: string;
  /** This process's open-file limit: Node has raised soft to hard. */
  fileLimit: Limit | null;
  /** The limit of the shell that started us, which Python keeps as is. */
  shellFileLimit: Limit | null;
  portRange: PortRange | null;
  /** Every TCP socket of the machine, or null without /proc. */
  sockets: TcpEntry[] | null;
  somaxconn: number | null;
  synBacklog: number | null;
  memAvailableKb: number | null;
  python: string | null;
  cores: number;
  load1: number;
}

function readNumber(path: string): number | null {
  const text = readProc(path);
  return text === null ? null : parseNumber(text);
}

function pythonVersion(): string | null {
  const result = spawnSync("python3", ["--version"], { encoding: "utf8" });
  if (result.error !== undefined || result.status !== 0) return null;
  return (result.stdout || result.stderr).trim();
}

export function readMachineFacts(): MachineFacts {
  const limits = readProc("/proc/self/limits");
  const shell = readProc(`/proc/${process.ppid}/limits`);
  const range = readProc("/proc/sys/net/ipv4/ip_local_port_range");
  const meminfo = readProc("/proc/meminfo");
  return {
    nodeVersion: process.version,
    fileLimit: limits === null ? null : parseFileLimit(limits),
    shellFileLimit: shell === null ? null : parseFileLimit(shell),
    portRange: range === null ? null : parsePortRange(range),
    sockets: readTcpTable(),
    somaxconn: readNumber("/proc/sys/net/core/somaxconn"),
    synBacklog: readNumber("/proc/sys/net/ipv4/tcp_max_syn_backlog"),
    memAvailableKb:
      meminfo === null
        ? null
        : (parseMeminfo(meminfo).get("MemAvailable") ?? null),
    python: pythonVersion(),
    cores: availableParallelism(),
    load1: loadavg()[0] ?? 0,
  };
}

export type Status = "ok" | "warn" | "fail";

export interface Finding {
  status: Status;
  /** What was checked and what it is, in one line. */
  title: string;
  /** What that means and what to change, when it is not ok. */
  advice?: string;
}

export interface Wanted {
  connections: number;
  /** The listen backlog the server asks for. */
  backlog: number;
}

// Descriptors a process holds besides its sockets.
const SPARE_FILES = 64;
/**
 * Memory per connection, client and server and kernel together, in KiB:
 * about 2 for the lean client, 23 for the bundled server, and 7 for the
 * kernel's two sockets, as lesson 12's ten-thousand run measured them
 * (its test holds this figure to the recording).
 */
export const KB_PER_CONNECTION = 33;

const fmt = (n: number): string => Math.round(n).toLocaleString("en-US");

function nodeFinding(version: string): Finding {
  const major = Number(/^v(\d+)/.exec(version)?.[1]);
  if (major >= 24) return { status: "ok", title: `Node ${version}` };
  return {
    status: "fail",
    title: `Node ${version}, but the workshop needs Node 24`,
    advice:
      "Run the commands through npm (npm run ...), which uses the Node 24 " +
      "that npm install put in node_modules, or use npx node.",
  };
}

function fileFindings(facts: MachineFacts, wanted: Wanted): Finding[] {
  const limit = facts.fileLimit;
  const need = wanted.connections + SPARE_FILES;
  if (limit === null) {
    return [
      {
        status: "warn",
        title: "open-file limit: unknown (no /proc here)",
        advice: `Check \`ulimit -n\` and \`ulimit -Hn\`: each process needs about ${fmt(need)}.`,
      },
    ];
  }
  const findings: Finding[] = [];
  if (limit.hard < need) {
    findings.push({
      status: "fail",
      title: `open-file limit: ${fmt(limit.hard)} (hard), and ${fmt(wanted.connections)} connections need about ${fmt(need)} in each process`,
      advice:
        "Only root can raise a hard limit: in /etc/security/limits.conf " +
        "(nofile), with LimitNOFILE= for a systemd service, or --ulimit " +
        "nofile= for a container. Or split the load: run several clients " +
        "with fewer connections each.",
    });
  } else {
    findings.push({
      status: "ok",
      title: `open-file limit: ${fmt(limit.soft)} here (hard ${fmt(limit.hard)}): room for ${fmt(limit.soft - SPARE_FILES)} connections per process`,
    });
  }
  const shell = facts.shellFileLimit;
  if (shell !== null && shell.soft < need && limit.hard >= need) {
    findings.push({
      status: "warn",
      title: `your shell's soft open-file limit is ${fmt(shell.soft)}`,
      advice:
        "Node raises its own soft limit to the hard one as it starts, so " +
        "the Node tools are fine; Python does not, and asyncli.py would stop " +
        `at about ${fmt(shell.soft)} connections. Run \`ulimit -n ${limit.hard}\` ` +
        "in the shell first.",
    });
  }
  return findings;
}

function portFindings(facts: MachineFacts, wanted: Wanted): Finding[] {
  const range = facts.portRange;
  if (range === null) {
    return [
      {
        status: "warn",
        title: "ephemeral ports: unknown (no /proc here)",
      },
    ];
  }
  const inRange = (port: number) => port >= range.low && port <= range.high;
  const sockets = facts.sockets ?? [];
  const taken = new Set(
    sockets.filter((s) => inRange(s.localPort)).map((s) => s.localPort),
  );
  const waiting = sockets.filter(
    (s) => s.state === "TIME_WAIT" && inRange(s.localPort),
  ).length;
  const free = range.count - taken.size;
  const findings: Finding[] = [];
  const title =
    `ephemeral ports ${range.low}-${range.high}: ${fmt(range.count)} per ` +
    `source address, ${fmt(free)} free now`;
  if (range.count < wanted.connections) {
    findings.push({
      status: "warn",
      title,
      advice:
        `One source address cannot hold ${fmt(wanted.connections)} ` +
        "connections to one server port. Spread them over 127.0.0.x " +
        `source addresses (npm run keepalive -- URL --sources ` +
        `${Math.ceil(wanted.connections / range.count)}), or, as root, widen ` +
        'the range: sysctl -w net.ipv4.ip_local_port_range="15000 65000".',
    });
  } else if (free < wanted.connections) {
    findings.push({
      status: "warn",
      title,
      advice:
        `${fmt(taken.size)} ports of the range are taken now, ${fmt(waiting)} ` +
        "of them by sockets in TIME_WAIT, which the kernel keeps for 60 s " +
        "after a client closes first. Wait a minute, or use --sources 2.",
    });
  } else findings.push({ status: "ok", title });
  findings.push({
    status: "ok",
    title:
      `TIME_WAIT: ${fmt(sockets.filter((s) => s.state === "TIME_WAIT").length)} ` +
      `sockets, ${fmt(waiting)} of them holding an ephemeral port`,
  });
  return findings;
}

function backlogFindings(facts: MachineFacts, wanted: Wanted): Finding[] {
  const findings: Finding[] = [];
  const cap = facts.somaxconn;
  if (cap === null) {
    findings.push({ status: "warn", title: "listen backlog: unknown" });
  } else if (cap < wanted.backlog) {
    findings.push({
      status: "warn",
      title: `listen backlog: the server asks for ${wanted.backlog}, and net.core.somaxconn cuts it to ${cap}`,
      advice:
        "A burst of new connections beyond the backlog waits for the " +
        "client's SYN retry, a second or more. As root: sysctl -w " +
        "net.core.somaxconn=4096.",
    });
  } else {
    findings.push({
      status: "ok",
      title: `listen backlog: ${wanted.backlog} (net.core.somaxconn allows ${fmt(cap)})`,
    });
  }
  if (facts.synBacklog !== null && facts.synBacklog < wanted.backlog) {
    findings.push({
      status: "warn",
      title: `half-open connections: net.ipv4.tcp_max_syn_backlog is ${facts.synBacklog}`,
      advice: "As root: sysctl -w net.ipv4.tcp_max_syn_backlog=4096.",
    });
  }
  return findings;
}

function memoryFinding(facts: MachineFacts, wanted: Wanted): Finding {
  const needMb = (wanted.connections * KB_PER_CONNECTION) / 1024 + 200;
  if (facts.memAvailableKb === null) {
    return { status: "warn", title: "free memory: unknown" };
  }
  const freeMb = facts.memAvailableKb / 1024;
  const title = `memory: ${fmt(freeMb)} MB available, about ${fmt(needMb)} MB needed (client, server and kernel)`;
  if (freeMb < needMb) {
    return {
      status: "fail",
      title,
      advice: "Close other programs, or run with fewer connections.",
    };
  }
  return { status: "ok", title };
}

export function diagnose(facts: MachineFacts, wanted: Wanted): Finding[] {
  const findings = [
    nodeFinding(facts.nodeVersion),
    ...fileFindings(facts, wanted),
    ...portFindings(facts, wanted),
    ...backlogFindings(facts, wanted),
    memoryFinding(facts, wanted),
  ];
  findings.push(
    facts.python === null
      ? {
          status: "warn",
          title: "python3: not found",
          advice:
            "The benchmark and the lesson's asyncio run compare with the " +
            "original Python client: install Python 3.8 or later.",
        }
      : { status: "ok", title: `python3: ${facts.python}` },
  );
  const busy = facts.load1 > facts.cores;
  findings.push({
    status: busy ? "warn" : "ok",
    title: `CPU: ${facts.cores} cores, load average ${facts.load1.toFixed(1)}`,
    ...(busy && {
      advice:
        "Other programs keep the cores busy: the server and the client get " +
        "less CPU, ramps slip and figures vary. Measure when it is quieter.",
    }),
  });
  return findings;
}

const MARK: Record<Status, string> = { ok: "✓", warn: "!", fail: "✗" };

/** `text` in lines of `width` columns at most (a longer word stays whole). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** The findings as lines for the terminal, advice indented under each. */
export function report(findings: Finding[], wanted: Wanted): string[] {
  const lines = findings.flatMap((f) => [
    `${MARK[f.status]} ${f.title}`,
    ...(f.advice === undefined
      ? []
      : wrap(f.advice, 72).map((line) => `    ${line}`)),
  ]);
  const fails = findings.filter((f) => f.status === "fail").length;
  const warns = findings.filter((f) => f.status === "warn").length;
  lines.push(
    "",
    fails > 0
      ? `Not ready for ${fmt(wanted.connections)} connections: change the ${fails === 1 ? "item" : `${fails} items`} marked ✗.`
      : `Ready for ${fmt(wanted.connections)} connections` +
          (warns > 0
            ? ` (see the ${warns === 1 ? "note" : "notes"} marked !).`
            : "."),
  );
  return lines;
}
