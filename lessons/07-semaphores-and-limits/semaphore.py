"""The asyncio original of lesson 7, in its style: a thousand tasks behind
asyncio.Semaphore(500), each opening an aiohttp ClientSession of its own
for one request, waited for with asyncio.wait. Then, if asked, the error
the original met: a select()-based event loop given sockets whose
descriptor numbers pass 1023.

Usage: python3 semaphore.py URL [TASKS LIMIT] [--one-session]
       python3 semaphore.py URL --select COUNT
"""
import asyncio
import os
import resource
import selectors
import sys
import time

import aiohttp


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


def max_rss_mb():
    """The most memory this process has held, from /proc (VmHWM)."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024)
    return 0


async def hello(url, sem, shared=None):
    async with sem:
        if shared is not None:
            async with shared.get(url) as response:
                return await response.text()
        # A session of its own: a pool of connections used for one request.
        async with aiohttp.ClientSession() as session:
            async with session.get(url) as response:
                return await response.text()


async def run(url, tasks, limit, one_session):
    sem = asyncio.Semaphore(limit)
    shared = aiohttp.ClientSession() if one_session else None
    try:
        jobs = [asyncio.ensure_future(hello(url, sem, shared))
                for _ in range(tasks)]
        start = time.perf_counter()
        # Wait for every task; asyncio.wait raises none of their errors.
        done, _ = await asyncio.wait(jobs)
        ms = (time.perf_counter() - start) * 1000
    finally:
        if shared is not None:
            await shared.close()
    answered = sum(1 for job in done if job.exception() is None)
    print(f"{tasks} tasks, Semaphore({limit}): {answered} answered")
    print(f"all done after {format_ms(ms)}")
    print(f"max RSS: {max_rss_mb()} MB (VmHWM in /proc/self/status)")


async def past_select(url, count):
    async with aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=0)
    ) as session:
        async def one():
            async with session.get(url) as response:
                return await response.text()
        results = await asyncio.gather(*(one() for _ in range(count)),
                                       return_exceptions=True)
    return results


def select_loop(url, count):
    # Room for every socket, so that the open-file limit is not what fails.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < count + 100:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))
    print(f"{count} x GET at once, on an event loop that waits with select()")
    loop = asyncio.SelectorEventLoop(selectors.SelectSelector())
    try:
        loop.run_until_complete(past_select(url, count))
        print("no error")
    except ValueError as error:
        print(f"ValueError: {error}")
        sys.stdout.flush()
        # The loop cannot go on (each select() would fail the same way),
        # nor close its sockets cleanly: leave, and let the kernel do it.
        os._exit(0)


def main():
    url = sys.argv[1]
    if "--select" in sys.argv:
        select_loop(url, int(sys.argv[sys.argv.index("--select") + 1]))
        return
    numbers = [a for a in sys.argv[2:] if not a.startswith("--")]
    tasks, limit = (int(n) for n in numbers) if numbers else (1000, 500)
    asyncio.run(run(url, tasks, limit, "--one-session" in sys.argv))


if __name__ == "__main__":
    main()
