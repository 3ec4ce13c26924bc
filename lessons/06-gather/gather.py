"""The asyncio original of lesson 6: collecting many responses with
asyncio.gather (with and without return_exceptions=True), asyncio.wait
with each return_when, and asyncio.as_completed, using aiohttp against the
bundled server.

Usage: python3 gather.py BASE_URL
"""
import asyncio
import sys
import time

import aiohttp


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


def since(start):
    return format_ms((time.perf_counter() - start) * 1000)


async def fetch(session, base, path):
    async with session.get(base + path) as response:
        # An error status raises, as the TypeScript's fetchPath rejects.
        response.raise_for_status()
        return (await response.text()).strip()


def describe(error):
    if isinstance(error, aiohttp.ClientResponseError):
        return f"ClientResponseError {error.status} {error.message}"
    return type(error).__name__


async def in_order(session, base):
    paths = [f"/delay/{ms}" for ms in (400, 150, 600, 50, 250)]
    bodies = await asyncio.gather(*(fetch(session, base, p) for p in paths))
    print("asyncio.gather returned the bodies in input order:")
    for body in bodies:
        print(f"  {body}")


async def one_fails(session, base):
    paths = ["/delay/300", "/delay/600", "/status/500"]
    start = time.perf_counter()
    try:
        await asyncio.gather(*(fetch(session, base, p) for p in paths))
    except aiohttp.ClientResponseError as error:
        print(f"gather raised after {since(start)}: {describe(error)}")
    # The other two were not cancelled: give them time to finish here, so
    # the next gather does not share the server with them.
    await asyncio.sleep(0.7)
    start = time.perf_counter()
    results = await asyncio.gather(
        *(fetch(session, base, p) for p in paths), return_exceptions=True
    )
    print(f"gather(..., return_exceptions=True) after {since(start)}:")
    for path, result in zip(paths, results):
        shown = describe(result) if isinstance(result, Exception) else result
        print(f"  {path} -> {shown}")


def batch(session, base):
    """A quick success, a failure at 250 ms (a deadline cuts /delay/600
    short), and a slower success, as tasks."""
    return [
        asyncio.create_task(fetch(session, base, "/delay/100")),
        asyncio.create_task(
            asyncio.wait_for(fetch(session, base, "/delay/600"), 0.25)
        ),
        asyncio.create_task(fetch(session, base, "/delay/400")),
    ]


def outcome(task):
    return "failed" if task.exception() else task.result()


async def waits(session, base):
    print("asyncio.wait, on a fresh batch each time:")
    print("  /delay/100, /delay/600 (250 ms deadline), /delay/400")
    for when in ("ALL_COMPLETED", "FIRST_COMPLETED", "FIRST_EXCEPTION"):
        tasks = batch(session, base)
        start = time.perf_counter()
        done, pending = await asyncio.wait(
            tasks, return_when=getattr(asyncio, when)
        )
        took = since(start)
        finished = [f"{i + 1} ({outcome(t)})"
                    for i, t in enumerate(tasks) if t in done]
        rest = [str(i + 1) for i, t in enumerate(tasks) if t in pending]
        print(f"wait({when}) after {took}:")
        print(f"  done {', '.join(finished)}; "
              f"pending {', '.join(rest) or 'none'}")
        # Let the rest of the batch finish before the next way starts.
        await asyncio.gather(*tasks, return_exceptions=True)


async def as_completed(session, base):
    paths = [f"/delay/{ms}" for ms in (450, 50, 250)]
    print(f"as_completed, asked in this order: {', '.join(paths)}")
    start = time.perf_counter()
    for next_done in asyncio.as_completed(
        [fetch(session, base, p) for p in paths]
    ):
        body = await next_done
        print(f"  after {since(start)}: {body}")


async def main(base):
    async with aiohttp.ClientSession() as session:
        for step in (in_order, one_fails, waits, as_completed):
            await step(session, base)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
