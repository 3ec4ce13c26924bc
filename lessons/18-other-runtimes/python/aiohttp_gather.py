# The two requests with aiohttp, the client the original Python tutorial
# uses: one `ClientSession`, two `session.get` coroutines, `asyncio.gather`.
#
# Usage: python3 aiohttp_gather.py BASE_URL. Prints one JSON object; without
# aiohttp it prints {"missing": "aiohttp"} instead.
import asyncio
import json
import sys
import time

try:
    import aiohttp
except ImportError:
    print(json.dumps({"missing": "aiohttp"}))
    sys.exit(0)

PATHS = ["/bar", "/foo"]


async def fetch(session: aiohttp.ClientSession, url: str) -> str:
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.text()


async def main(base_url: str) -> dict:
    start = time.perf_counter()
    # Leaving the `async with` closes the session and its pooled sockets.
    async with aiohttp.ClientSession() as session:
        bodies = await asyncio.gather(
            *(fetch(session, base_url + path) for path in PATHS)
        )
    ms = (time.perf_counter() - start) * 1000
    return {"paths": PATHS, "bodies": bodies, "ms": ms}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
