"""Threads, processes and subprocesses from asyncio, as the original Python
tutorial's chapters on them describe, run against the bundled server.

Usage: python3 threads_and_processes.py BASE_URL [PRIMES_BELOW]

Prints one line of JSON with what it measured. Standard library only.
"""

import asyncio
import concurrent.futures
import json
import sys
import threading
import time
import urllib.error
import urllib.request


def count_primes(start, stop):
    """How many primes there are in range(start, stop): CPU-bound work."""
    count = 0
    for n in range(max(2, start), stop):
        d = 2
        while d * d <= n:
            if n % d == 0:
                break
            d += 1
        else:
            count += 1
    return count


def timed_count(start, stop):
    """count_primes, with the CPU time this thread spent on it."""
    cpu = time.thread_time()
    count = count_primes(start, stop)
    return count, time.thread_time() - cpu


def blocking_get(url):
    """A blocking HTTP request: urllib waits, and holds its thread."""
    try:
        with urllib.request.urlopen(url) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


async def blocking_calls_in_threads(base_url):
    """Three blocking requests, each in a thread of the default executor.
    The server's barrier answers them (200) only once all three wait there
    together, and with 408 after 5 s otherwise."""
    loop = asyncio.get_running_loop()
    url = f"{base_url}/barrier/3?key=executor&timeout=5000"
    started = time.perf_counter()
    statuses = await asyncio.gather(
        *(loop.run_in_executor(None, blocking_get, url) for _ in range(3))
    )
    return {"statuses": statuses, "seconds": time.perf_counter() - started}


async def cpu_in(executor, parts):
    """The parts counted in the executor's workers, timed."""
    loop = asyncio.get_running_loop()
    started = time.perf_counter()
    results = await asyncio.gather(
        *(loop.run_in_executor(executor, timed_count, a, b) for a, b in parts)
    )
    return {
        "primes": sum(count for count, _ in results),
        "seconds": time.perf_counter() - started,
        "cpu_seconds": sum(cpu for _, cpu in results),
    }


async def cpu_bound(parts):
    """The same CPU-bound job on one thread, on two threads, and on two
    processes."""
    started = time.perf_counter()
    alone = sum(count_primes(a, b) for a, b in parts)
    one_thread = {"primes": alone, "seconds": time.perf_counter() - started}
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        two_threads = await cpu_in(pool, parts)
    with concurrent.futures.ProcessPoolExecutor(max_workers=2) as pool:
        two_processes = await cpu_in(pool, parts)
    return {
        "one_thread": one_thread,
        "two_threads": two_threads,
        "two_processes": two_processes,
    }


async def from_another_thread():
    """A thread hands a value to the event loop with call_soon_threadsafe:
    the callback runs on the loop's own thread."""
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop_thread = threading.get_ident()

    def deliver(value):
        future.set_result((value, threading.get_ident() == loop_thread))

    def work():
        loop.call_soon_threadsafe(deliver, count_primes(0, 10_000))

    thread = threading.Thread(target=work)
    thread.start()
    value, on_loop_thread = await future
    thread.join()
    return {"value": value, "callback_on_loop_thread": on_loop_thread}


TICKER = (
    "import sys, time\n"
    "for i in range(1, int(sys.argv[1]) + 1):\n"
    "    time.sleep(0.1)\n"
    "    print(f'tick {i}', flush=True)\n"
    "sys.exit(int(sys.argv[2]))\n"
)


async def read_ticker(count, exit_code, lines):
    """Runs the ticker as a subprocess and reads its lines as they come."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        TICKER,
        str(count),
        str(exit_code),
        stdout=asyncio.subprocess.PIPE,
    )
    try:
        async for line in process.stdout:
            lines.append(line.decode().strip())
        return await process.wait()
    except asyncio.CancelledError:
        # Cancelling this task does not stop the child: we must.
        process.terminate()
        await process.wait()
        lines.append(f"returncode {process.returncode}")
        raise


async def subprocesses():
    lines = []
    code = await read_ticker(3, 3, lines)
    finished = {"lines": lines, "returncode": code}
    cancelled_lines = []
    task = asyncio.create_task(read_ticker(50, 0, cancelled_lines))
    while len(cancelled_lines) < 2:
        await asyncio.sleep(0.01)
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        pass
    return {"finished": finished, "cancelled": cancelled_lines}


async def main(base_url, below):
    gil = getattr(sys, "_is_gil_enabled", lambda: True)()
    step = below // 4
    parts = [(start, start + step) for start in range(0, below, step)]
    report = {
        "python": sys.version.split()[0],
        "gil": gil,
        "primes_below": below,
        "blocking_calls": await blocking_calls_in_threads(base_url),
        "cpu_bound": await cpu_bound(parts),
        "threadsafe": await from_another_thread(),
        "subprocess": await subprocesses(),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    below = int(sys.argv[2]) if len(sys.argv) > 2 else 160_000
    asyncio.run(main(sys.argv[1], below))
