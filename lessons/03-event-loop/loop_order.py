"""The asyncio original of lesson 3: asyncio's own loop at work. Two GETs
on non-blocking sockets watched with loop.add_writer and loop.add_reader,
and a call_later timer, as the toy loop does; then the order in which
call_soon, a future's callbacks and call_later run.

Usage: python3 loop_order.py BASE_URL
"""
import asyncio
import socket
import sys
import time
from urllib.parse import urlsplit


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


class Get:
    """One GET, every step a callback that asyncio's loop calls."""

    def __init__(self, loop, address, name, path, start, done):
        self.loop, self.name, self.path = loop, name, path
        self.start, self.done = start, done
        self.data = b""
        self.sock = socket.socket()
        self.sock.setblocking(False)
        print(f"[ready] {name}: GET {path}")
        try:
            self.sock.connect(address)
        except BlockingIOError:
            pass
        # Writable means connected: readiness, as in lesson 2's selector.
        loop.add_writer(self.sock.fileno(), self.connected)

    def connected(self):
        self.loop.remove_writer(self.sock.fileno())
        self.sock.send(f"GET {self.path} HTTP/1.0\r\n\r\n".encode())
        self.loop.add_reader(self.sock.fileno(), self.readable)

    def readable(self):
        chunk = self.sock.recv(4096)
        if chunk:
            self.data += chunk
            return
        self.loop.remove_reader(self.sock.fileno())
        self.sock.close()
        head, _, body = self.data.partition(b"\r\n\r\n")
        status = head.split(b" ", 2)[1].decode()
        ms = (time.perf_counter() - self.start) * 1000
        print(f'[io   ] {self.name}: {status} "{body.decode().strip()}" '
              f"after {format_ms(ms)}")
        self.done()


def two_requests_and_a_timer(base):
    url = urlsplit(base)
    loop = asyncio.new_event_loop()
    start = time.perf_counter()
    pending = 2

    def one_done():
        nonlocal pending
        pending -= 1
        if pending == 0:
            loop.stop()

    def timer():
        ms = (time.perf_counter() - start) * 1000
        print(f"[timer] timer: due at 200 ms, ran after {format_ms(ms)}")

    address = (url.hostname, url.port)
    Get(loop, address, "A", "/delay/300", start, one_done)
    Get(loop, address, "B", "/delay/100", start, one_done)
    loop.call_later(0.2, timer)
    # run_forever returns only when a callback calls loop.stop().
    loop.run_forever()
    loop.close()
    print("loop stopped: loop.stop() after the second response")


def show(title, order):
    print(title)
    for i, what in enumerate(order, 1):
        print(f"  {i}. {what}")


def order_in_a_callback():
    loop = asyncio.new_event_loop()
    order = []
    future = loop.create_future()
    future.add_done_callback(lambda f: order.append("future's done callback"))

    def callback():
        loop.call_later(0, lambda: order.append("call_later(0)"))
        loop.call_soon(lambda: order.append("call_soon"))
        # set_result does not run the future's callbacks: it call_soon()s
        # them, behind what is already waiting.
        future.set_result(None)
        order.append("synchronous code")
        loop.call_soon(lambda: loop.call_soon(loop.stop))

    loop.call_soon(callback)
    loop.run_forever()
    loop.close()
    show("queued inside a callback:", order)


def two_timers_due_together():
    loop = asyncio.new_event_loop()
    order = []

    def timer(n):
        order.append(f"timer {n}")
        loop.call_soon(lambda: order.append(f"timer {n}: call_soon"))

    # The same moment for both, so that both are due in the same tick.
    when = loop.time() + 0.05
    loop.call_at(when, timer, 1)
    loop.call_at(when, timer, 2)
    loop.call_at(when + 0.05, loop.stop)
    loop.run_forever()
    loop.close()
    show("two timers due together:", order)


if __name__ == "__main__":
    two_requests_and_a_timer(sys.argv[1])
    order_in_a_callback()
    two_timers_due_together()
