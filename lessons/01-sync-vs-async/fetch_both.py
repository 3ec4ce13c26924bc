"""The asyncio original of lesson 1: GET /bar and GET /foo (each sleeps a
second) with two blocking calls, one after the other, then with aiohttp
and asyncio.gather, at the same time.

Usage: python3 fetch_both.py BASE_URL
"""
import asyncio
import sys
import time
import urllib.request

import aiohttp

PATHS = ["/bar", "/foo"]


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


def report(bodies, start):
    for path, body in zip(PATHS, bodies):
        print(f"  GET {path} -> {body}")
    ms = (time.perf_counter() - start) * 1000
    print(f"  both answered after {format_ms(ms)}")


def get_blocking(url):
    # Like requests.get: the thread waits here until the answer is in.
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


async def get(session, url):
    # The coroutine waits here; the loop runs the other one meanwhile.
    async with session.get(url) as response:
        return await response.text()


async def both_at_once(base):
    async with aiohttp.ClientSession() as session:
        return await asyncio.gather(*(get(session, base + p) for p in PATHS))


def main(base):
    print("urllib.request.urlopen, one after the other (blocking):")
    start = time.perf_counter()
    report([get_blocking(base + path) for path in PATHS], start)
    print("aiohttp and asyncio.gather, at the same time:")
    start = time.perf_counter()
    report(asyncio.run(both_at_once(base)), start)


if __name__ == "__main__":
    main(sys.argv[1])
