# The asyncio way, for comparison: `writer.write()` never blocks and never
# refuses; `await writer.drain()` is where a writer waits while the
# transport's buffer is above its high water mark. Sends CHUNKS chunks to a
# reader on 127.0.0.1:PORT and prints, as JSON, the transport's water marks
# and the most it ever buffered.
import asyncio
import json
import sys

CHUNK = 64 * 1024


async def send(port: int, chunks: int) -> dict:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    low, high = writer.transport.get_write_buffer_limits()
    peak = 0
    for i in range(chunks):
        writer.write(bytes([i % 251]) * CHUNK)
        peak = max(peak, writer.transport.get_write_buffer_size())
        # Returns at once below the high water mark; otherwise waits until
        # the buffer is back under the low one.
        await writer.drain()
    writer.close()
    await writer.wait_closed()
    return {"low": low, "high": high, "peakBuffered": peak, "bytes": chunks * CHUNK}


if __name__ == "__main__":
    port, chunks = int(sys.argv[1]), int(sys.argv[2])
    print(json.dumps(asyncio.run(send(port, chunks))))
