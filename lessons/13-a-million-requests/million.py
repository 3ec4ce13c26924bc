# The asyncio version of the load test, as the original Python tutorials
# wrote it: one task per request, all created at once, an
# asyncio.Semaphore bounding how many run, aiohttp for HTTP. It reports
# what those tutorials measured (requests per second and per minute,
# latency, memory and CPU) as one line of JSON.
#
#   python3 million.py URL REQUESTS CONCURRENCY [--session-per-request]
import asyncio
import json
import resource
import sys
import time

import aiohttp


async def one(session, url, semaphore, latencies, failures):
    async with semaphore:
        started = time.perf_counter()
        try:
            async with session.get(url) as response:
                await response.read()
                if response.status >= 300:
                    failures.append(response.status)
        except aiohttp.ClientError:
            failures.append(0)
        latencies.append(time.perf_counter() - started)


async def one_with_own_session(url, semaphore, latencies, failures):
    # The original opened a new ClientSession, and so a new connection,
    # inside the semaphore for every request.
    async with semaphore:
        started = time.perf_counter()
        try:
            async with aiohttp.ClientSession() as session:
                async with session.get(url) as response:
                    await response.read()
                    if response.status >= 300:
                        failures.append(response.status)
        except aiohttp.ClientError:
            failures.append(0)
        latencies.append(time.perf_counter() - started)


async def main(url, total, concurrency, session_per_request):
    semaphore = asyncio.Semaphore(concurrency)
    latencies = []
    failures = []
    started = time.perf_counter()
    if session_per_request:
        tasks = [
            one_with_own_session(url, semaphore, latencies, failures)
            for _ in range(total)
        ]
        await asyncio.gather(*tasks)
    else:
        connector = aiohttp.TCPConnector(limit=concurrency)
        async with aiohttp.ClientSession(connector=connector) as session:
            tasks = [
                one(session, url, semaphore, latencies, failures)
                for _ in range(total)
            ]
            await asyncio.gather(*tasks)
    return time.perf_counter() - started, sorted(latencies), failures


def percentile(values, p):
    if not values:
        return 0.0
    index = min(len(values) - 1, int(len(values) * p / 100))
    return values[index]


if __name__ == "__main__":
    url, total, concurrency = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    session_per_request = "--session-per-request" in sys.argv
    cpu_before = time.process_time()
    seconds, latencies, failures = asyncio.run(
        main(url, total, concurrency, session_per_request)
    )
    cpu = time.process_time() - cpu_before
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({
        # Responses of any status, as the load generator counts them.
        "requests": len(latencies) - failures.count(0),
        "errors": failures.count(0),
        "non2xx": len(failures) - failures.count(0),
        "seconds": round(seconds, 3),
        "reqPerSec": round(len(latencies) / seconds),
        "reqPerMinute": round(len(latencies) / seconds * 60),
        "p50Ms": round(percentile(latencies, 50) * 1000, 2),
        "p99Ms": round(percentile(latencies, 99) * 1000, 2),
        # ru_maxrss is in kilobytes on Linux.
        "maxRssMb": round(usage.ru_maxrss / 1024),
        "cpuPercent": round(cpu / seconds * 100),
    }))
