"""The asyncio original of lesson 8: deadlines with asyncio.wait_for and
asyncio.timeout(), a caller's task.cancel() and the CancelledError it
raises, aiohttp.ClientTimeout, and a ClientSession that `async with`
closes however the block ends, against the bundled server.

Usage: python3 timeouts.py BASE_URL
"""
import asyncio
import sys
import time

import aiohttp

DEADLINE = 0.3
CANCEL_AT = 0.15


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


async def get_text(session, url):
    async with session.get(url) as response:
        return (await response.text()).strip()


async def settle(what, work):
    """Await `work`, print how it ended and when; never raises."""
    print(f"GET {what}")
    start = time.perf_counter()
    try:
        print(f"  -> {await work}")
    except asyncio.CancelledError:
        print("  -> cancelled: CancelledError")
    except TimeoutError as error:
        # aiohttp's ServerTimeoutError is a TimeoutError too.
        print(f"  -> timeout: {type(error).__name__}")
    except aiohttp.ClientError as error:
        print(f"  -> {type(error).__name__}")
    print(f"  settled after {format_ms((time.perf_counter() - start) * 1000)}")


async def cancelled_by_caller(session, url):
    task = asyncio.create_task(get_text(session, url))
    # The caller gives up at 150 ms: cancel() only asks, and the task
    # gets a CancelledError at the await it is suspended in.
    asyncio.get_running_loop().call_later(CANCEL_AT, task.cancel)
    return await task


async def with_timeout_block(session, url):
    async with asyncio.timeout(DEADLINE):
        return await get_text(session, url)


async def deadlines(base):
    async with aiohttp.ClientSession() as session:
        await settle(
            "/delay/100 with asyncio.wait_for(..., 0.3)",
            asyncio.wait_for(get_text(session, base + "/delay/100"), DEADLINE),
        )
        await settle(
            "/delay/1000 in async with asyncio.timeout(0.3)",
            with_timeout_block(session, base + "/delay/1000"),
        )
        await settle(
            "/delay/1000, task.cancel() by the caller at 150 ms",
            cancelled_by_caller(session, base + "/delay/1000"),
        )


async def client_timeouts(base):
    # total bounds the whole request; sock_read the gap between two reads.
    total = aiohttp.ClientTimeout(total=DEADLINE)
    async with aiohttp.ClientSession(timeout=total) as session:
        await settle("/fault/hang with ClientTimeout(total=0.3)",
                     get_text(session, base + "/fault/hang"))
    drip = "/drip?chunks=3&interval=600&size=1"
    gaps = aiohttp.ClientTimeout(total=None, sock_read=DEADLINE)
    async with aiohttp.ClientSession(timeout=gaps) as session:
        await settle(f"{drip} with ClientTimeout(sock_read=0.3)",
                     get_text(session, base + drip))


async def closed_on_error(base):
    session = None
    try:
        async with aiohttp.ClientSession() as session:
            await get_text(session, base + "/fault/reset")
    except aiohttp.ClientError as error:
        print(f"async with ClientSession(): the block raised "
              f"{type(error).__name__}")
    print(f"  and the session was closed on the way out: {session.closed}")


async def main(base):
    await deadlines(base)
    await client_timeouts(base)
    await closed_on_error(base)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1]))
