"""The asyncio original of lesson 4: five hellos with time.sleep and with
asyncio.sleep, the hello clock (print_every_second and print_every_minute
under asyncio.gather), and a future that a transport's callbacks resolve,
with a GET to the bundled server.

Usage: python3 hellos.py BASE_URL
"""
import asyncio
import sys
import time
from urllib.parse import urlsplit

HELLOS = 5
# As in the TypeScript run: a "second" is 100 ms and a "minute" 1 s, and
# the minute clock ticks 25 ms after each whole minute, so that no two
# ticks are due at the same moment.
SECOND = 0.1
MINUTE = 1.0
MINUTE_OFFSET = 0.025
STOP_AFTER = 2.05


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


def hello_line(start):
    ms = (time.perf_counter() - start) * 1000
    print(f"  Hello World, {format_ms(ms)} after the start")


def hellos_blocking():
    start = time.perf_counter()
    for _ in range(HELLOS):
        time.sleep(1)
        hello_line(start)


async def hello(start):
    await asyncio.sleep(1)
    hello_line(start)


async def hellos_awaited():
    start = time.perf_counter()
    tasks = [asyncio.create_task(hello(start)) for _ in range(HELLOS)]
    await asyncio.wait(tasks)


async def every(period, first, name, ticks):
    loop = asyncio.get_running_loop()
    due = loop.time() + first
    count = 0
    while True:
        # Sleep until the next whole period, not for a period: the sleeps'
        # own lateness does not add up.
        await asyncio.sleep(due - loop.time())
        count += 1
        ticks.append(f"{name} {count}")
        due += period


async def hello_clock():
    ticks = []
    clocks = asyncio.gather(
        every(SECOND, SECOND, "second", ticks),
        every(MINUTE, MINUTE + MINUTE_OFFSET, "minute", ticks),
    )
    try:
        await asyncio.wait_for(clocks, STOP_AFTER)
    except TimeoutError:
        pass
    row = []
    for tick in ticks:
        row.append(tick)
        if tick.startswith("minute") or len(row) == 5:
            print("  " + ", ".join(row))
            row = []
    if row:
        print("  " + ", ".join(row))
    seconds = sum(1 for t in ticks if t.startswith("second"))
    print(f"stopped after {format_ms(STOP_AFTER * 1000)}:")
    print(f"  {seconds} second ticks, {len(ticks) - seconds} minute ticks")


class OneGet(asyncio.Protocol):
    """Callbacks, as lesson 2's: the future is what makes them awaitable."""

    def __init__(self, request, done):
        self.request = request
        self.done = done
        self.data = b""

    def connection_made(self, transport):
        transport.write(self.request)

    def data_received(self, data):
        self.data += data

    def connection_lost(self, exc):
        if exc is not None:
            self.done.set_exception(exc)
        else:
            self.done.set_result(self.data)


async def get_with_future(base):
    url = urlsplit(base)
    loop = asyncio.get_running_loop()
    done = loop.create_future()
    request = b"GET /delay/100 HTTP/1.0\r\n\r\n"
    await loop.create_connection(lambda: OneGet(request, done),
                                 url.hostname, url.port)
    response = await done
    head, _, body = response.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].decode()
    print(f"  GET /delay/100: {status}, body {body.decode().strip()!r}")


def main(base):
    print("time.sleep(1), five in a row:")
    hellos_blocking()
    print("await asyncio.sleep(1), five tasks under asyncio.wait:")
    asyncio.run(hellos_awaited())
    print("the hello clock, under asyncio.gather:")
    asyncio.run(hello_clock())
    print("a future that a Protocol's callbacks resolve:")
    asyncio.run(get_with_future(base))


if __name__ == "__main__":
    main(sys.argv[1])
