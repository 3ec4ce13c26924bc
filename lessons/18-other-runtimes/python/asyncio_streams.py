# The two requests of the original Python tutorial, /bar and /foo, with
# nothing but the standard library: asyncio's streams over raw sockets and a
# hand-written HTTP/1.0 GET, as lesson 2 does in TypeScript. Each `await` is
# a place where this task may pause and the other one run.
#
# Usage: python3 asyncio_streams.py BASE_URL. Prints one JSON object: the
# bodies in the order of the paths, and the milliseconds both took.
import asyncio
import json
import sys
import time
from urllib.parse import urlsplit

PATHS = ["/bar", "/foo"]


async def get(host: str, port: int, path: str) -> str:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.0\r\nHost: {host}\r\n\r\n".encode())
    await writer.drain()
    # HTTP/1.0: the server closes the connection after the body.
    response = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, body = response.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return body.decode()


async def main(base_url: str) -> dict:
    url = urlsplit(base_url)
    start = time.perf_counter()
    # `gather` runs both coroutines as tasks and keeps the order of its
    # arguments, whichever answers first.
    bodies = await asyncio.gather(
        *(get(url.hostname, url.port, path) for path in PATHS)
    )
    ms = (time.perf_counter() - start) * 1000
    return {"paths": PATHS, "bodies": bodies, "ms": ms}


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main(sys.argv[1]))))
