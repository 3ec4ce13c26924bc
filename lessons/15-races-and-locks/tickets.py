# The ticket race of the original Python tutorial, in asyncio: look whether a
# ticket is left, pay (a request, awaited), take the ticket. Without a lock,
# every buyer can look before anyone takes one; asyncio.Lock makes the look
# and the take one step. Paying is a request to the bundled server, so it is
# the same race as the TypeScript one, against the same server.
#
# Usage: python3 tickets.py BASE_URL. Prints one JSON object: for each way of
# selling, the tickets sold, the tickets left, and what each buyer was told.
import asyncio
import json
import sys
from urllib.parse import urlsplit

BUYERS = 10
TICKETS = 3


async def get(host: str, port: int, path: str) -> int:
    """GET path with a connection of its own; return the status code."""
    reader, writer = await asyncio.open_connection(host, port)
    head = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
    writer.write(f"{head}Connection: close\r\n\r\n".encode())
    await writer.drain()
    status_line = await reader.readline()
    await reader.read()  # The rest, until the server closes.
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1])


class Office:
    def __init__(self, tickets: int):
        self.left = tickets
        self.holders: list[int] = []

    def take(self, buyer: int) -> None:
        # No look here: looking is the seller's job.
        self.left -= 1
        self.holders.append(buyer)


async def sell(office, buyer, pay, lock=None) -> str:
    async def steps() -> str:
        if office.left <= 0:  # Look.
            return "sold out"
        if await pay(buyer) != 200:  # Pay: the task is suspended here.
            return "payment failed"
        office.take(buyer)  # Take, after the others may have looked.
        return "sold"

    if lock is None:
        return await steps()
    async with lock:  # One buyer between the look and the take.
        return await steps()


async def record_sale(ledger: list, buyer: int) -> None:
    # A coroutine that never waits for anything.
    ledger.append(buyer)


async def sell_with_helper(office, buyer, ledger) -> str:
    if office.left <= 0:
        return "sold out"
    # Awaiting a coroutine that does not suspend does not give way to the
    # event loop: no other task runs before the take.
    await record_sale(ledger, buyer)
    office.take(buyer)
    return "sold"


async def add_up_compound(host: str, port: int, tasks: int) -> int:
    """Each task adds 1, from a request, with `total += await ...`."""
    total = 0

    async def one(n: int) -> int:
        await get(host, port, f"/delay/10?adder={n}")
        return 1

    async def adder(n: int) -> None:
        nonlocal total
        # `total` is read before the await, and written back after it.
        total += await one(n)

    await asyncio.gather(*(adder(n) for n in range(1, tasks + 1)))
    return total


def report(office: Office, outcomes: list) -> dict:
    sold = len(office.holders)
    return {"sold": sold, "left": office.left, "outcomes": outcomes}


async def main(base_url: str) -> dict:
    url = urlsplit(base_url)
    host, port = url.hostname or "127.0.0.1", url.port or 80

    # Without a lock, paying at a barrier of BUYERS: the server answers no
    # payment until every buyer is paying, so every buyer has looked first.
    office = Office(TICKETS)
    barrier = f"/barrier/{BUYERS}?key=python&timeout=5000"

    def pay_together(buyer: int):
        return get(host, port, f"{barrier}&buyer={buyer}")

    outcomes = await asyncio.gather(
        *(sell(office, n, pay_together) for n in range(1, BUYERS + 1))
    )
    without_lock = report(office, outcomes)

    # With asyncio.Lock. A barrier would wait for ever here, since only one
    # buyer at a time gets as far as paying: each payment takes 10 ms.
    office = Office(TICKETS)
    lock = asyncio.Lock()

    def pay_alone(buyer: int):
        return get(host, port, f"/delay/10?pay={buyer}")

    outcomes = await asyncio.gather(
        *(sell(office, n, pay_alone, lock) for n in range(1, BUYERS + 1))
    )
    with_lock = report(office, outcomes)

    # No lock, no request: an `await` of a coroutine that never suspends.
    office = Office(TICKETS)
    ledger: list = []
    outcomes = await asyncio.gather(
        *(sell_with_helper(office, n, ledger) for n in range(1, BUYERS + 1))
    )
    helper = report(office, outcomes)

    # `total += await ...` from five tasks at once.
    compound = await add_up_compound(host, port, 5)

    return {
        "buyers": BUYERS,
        "tickets": TICKETS,
        "withoutLock": without_lock,
        "withLock": with_lock,
        "awaitedHelper": helper,
        "compoundTotal": compound,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
