"""The asyncio tutorial's TCP echo server, retold.

For each client: read once (up to 100 bytes), print what came and from
where, send it back, and close. It listens on 127.0.0.1:8888 as in the
tutorial; a port on the command line replaces 8888 (0 picks a free one).
The first line it prints names the address it listens on.

    python3 echo_server.py [PORT]
"""

import asyncio
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8888


async def handle_echo(reader, writer):
    data = await reader.read(100)
    message = data.decode()
    peer = writer.get_extra_info("peername")
    print(f"Received {message!r} from {peer!r}")

    print(f"Send: {message!r}")
    writer.write(data)
    await writer.drain()

    print("Close the client socket")
    writer.close()
    await writer.wait_closed()


async def main():
    server = await asyncio.start_server(handle_echo, HOST, PORT)
    host, port = server.sockets[0].getsockname()[:2]
    print(f"Serving on {host}:{port}", flush=True)
    async with server:
        await server.serve_forever()


try:
    asyncio.run(main())
except KeyboardInterrupt:
    pass
