"""The original Python tutorial's keep-alive benchmark client, ported to
today's asyncio (async def and await, no @asyncio.coroutine), stdlib only.

It ramps up to --connections connections, ten new ones every 10 ms. Each
connection sends HEAD, reads the response's header lines up to the blank
line, sleeps a random whole number of seconds from 1 to keepalive // 2, and
goes round again, so that the server keeps it open. Two things are new: it
stops by itself after --seconds, and its last line of output is a JSON
summary (peak open connections, responses, errors, its own max RSS and CPU).

    python3 asyncli.py http://127.0.0.1:8080/ -c 1000 -k 4 --seconds 10
"""

import argparse
import asyncio
import json
import logging
import random
import resource
import time
import urllib.parse

# How long one step (connecting, or reading one line) may take, as in the
# original, which wrapped both in asyncio.wait_for(..., timeout=3).
STEP_TIMEOUT = 3


class Tally:
    """What the connections did, for the summary."""

    def __init__(self, wanted):
        self.wanted = wanted
        self.started = time.monotonic()
        # Seconds until all the wanted connections were open at once.
        self.ramp = None
        self.open = 0
        self.peak = 0
        self.responses = 0
        self.errors = 0
        self.error_kinds = {}


async def print_http_headers(no, url, keepalive, tally):
    """One connection: HEAD, read the headers, sleep, again, until the server
    closes it (the connection's number is its result) or a step fails."""
    parts = urllib.parse.urlsplit(url)
    query = (
        f"HEAD {parts.path or '/'} HTTP/1.1\r\n"
        f"Host: {parts.netloc}\r\n"
        "\r\n"
    ).encode("utf-8")
    reader, writer = await asyncio.wait_for(
        asyncio.open_connection(parts.hostname, parts.port or 80),
        STEP_TIMEOUT,
    )
    tally.open += 1
    tally.peak = max(tally.peak, tally.open)
    if tally.open == tally.wanted and tally.ramp is None:
        tally.ramp = time.monotonic() - tally.started
    try:
        while True:
            writer.write(query)
            while True:
                line = await asyncio.wait_for(reader.readline(), STEP_TIMEOUT)
                if not line:
                    # The server closed the connection.
                    return no
                line = line.decode("utf-8").rstrip()
                if not line:
                    # The blank line: the end of the headers.
                    break
                logging.debug("(%d) HTTP header> %s", no, line)
            tally.responses += 1
            await asyncio.sleep(random.randint(1, keepalive // 2))
    finally:
        tally.open -= 1
        writer.close()


async def do_requests(args, tally):
    """Ramps up the connections, then waits for --seconds and stops them."""
    started = time.monotonic()
    pool = set()

    def on_complete(task):
        pool.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            tally.errors += 1
            kind = type(error).__name__
            tally.error_kinds[kind] = tally.error_kinds.get(kind, 0) + 1
            logging.info("conn exception: %r", error)
        else:
            logging.info("conn#%d result", task.result())

    async def ramp():
        for i in range(args.connections):
            task = asyncio.create_task(
                print_http_headers(i, args.url, args.keepalive, tally)
            )
            task.add_done_callback(on_complete)
            pool.add(task)
            # As in the original: a 10 ms sleep after every tenth connection.
            if i % 10 == 0:
                await asyncio.sleep(0.01)

    ramping = asyncio.create_task(ramp())
    await asyncio.sleep(args.seconds)
    await cancel_all({ramping, *pool})
    return time.monotonic() - started


async def cancel_all(tasks):
    """Cancels every task and waits until all of them have ended."""
    # One cancel may not be enough: before Python 3.12, asyncio.wait_for()
    # could swallow a cancel that came just as its inner step finished, and
    # the connection would go on for ever. So cancel again until all end.
    while tasks:
        for task in tasks:
            task.cancel()
        _, tasks = await asyncio.wait(tasks, timeout=0.5)


def resident_kb(field):
    """VmRSS (now) or VmHWM (the most so far) of this process, in KiB.

    Not resource.getrusage's ru_maxrss: in a process that another one
    spawned, the kernel counts in it the memory the parent had when it
    forked, which can be far more than this process's own."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def main():
    parser = argparse.ArgumentParser(description="asyncli")
    parser.add_argument("url", help="page address")
    parser.add_argument(
        "-c",
        "--connections",
        type=int,
        default=1,
        help="number of connections simultaneously",
    )
    parser.add_argument(
        "-k", "--keepalive", type=int, default=60, help="HTTP keepalive timeout"
    )
    parser.add_argument(
        "-s",
        "--seconds",
        type=float,
        default=20,
        help="stop after this many seconds (new: the original ran until killed)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="log warnings only"
    )
    args = parser.parse_args()
    if args.keepalive < 2:
        parser.error("--keepalive must be at least 2 (sleeps are 1..k//2 s)")
    logging.basicConfig(
        level=logging.WARNING if args.quiet else logging.INFO,
        format="%(asctime)s %(message)s",
    )
    # What the interpreter and its modules take before the first socket.
    idle = resident_kb("VmRSS")
    tally = Tally(args.connections)
    seconds = asyncio.run(do_requests(args, tally))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime
    summary = {
        "client": "python-asyncio",
        "connections": tally.peak,
        "responses": tally.responses,
        "errors": tally.errors,
        "errorKinds": tally.error_kinds,
        "rampMs": None if tally.ramp is None else round(tally.ramp * 1000),
        "seconds": round(seconds, 2),
        "rssMb": round(resident_kb("VmHWM") / 1024, 1),
        "idleRssMb": round(idle / 1024, 1),
        "cpuPercent": round(100 * cpu / seconds, 1),
    }
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
