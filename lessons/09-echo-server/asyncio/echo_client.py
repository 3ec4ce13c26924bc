"""The asyncio tutorial's TCP echo client, retold.

Connects to an echo server, sends one message, reads the answer once (up
to 100 bytes) and closes. The host and port are those of the tutorial,
127.0.0.1:8888; a port given on the command line replaces 8888, so the
lesson's tests can point it at a server on a free port.

    python3 echo_client.py [PORT]
"""

import asyncio
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 8888


async def tcp_echo_client(message: str) -> None:
    reader, writer = await asyncio.open_connection(HOST, PORT)

    print(f"Send: {message!r}")
    writer.write(message.encode())
    await writer.drain()

    # One read: whatever has arrived, at most 100 bytes.
    data = await reader.read(100)
    print(f"Received: {data.decode()!r}")

    print("Close the connection")
    writer.close()
    await writer.wait_closed()


asyncio.run(tcp_echo_client("Hello World!"))
