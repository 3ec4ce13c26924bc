"""The asyncio original of lesson 2, in its own style: two GETs sent on
non-blocking sockets, a `selectors.DefaultSelector` telling us which
socket is ready, and a callback for each step (connected, readable).

Usage: python3 callbacks.py BASE_URL [PATH...], e.g. http://127.0.0.1:8080
(the paths are /bar and /foo unless given)
"""
import json
import selectors
import socket
import sys
import time
from urllib.parse import urlsplit

selector = selectors.DefaultSelector()
# The loop runs while a fetch has not seen its end of response.
pending = 0


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


class Fetcher:
    def __init__(self, host, port, path):
        self.address = (host, port)
        self.path = path
        self.sock = None
        self.response = b""

    def fetch(self):
        global pending
        pending += 1
        self.sock = socket.socket()
        self.sock.setblocking(False)
        try:
            self.sock.connect(self.address)
        except BlockingIOError:
            # A non-blocking connect only starts; writable means connected.
            pass
        selector.register(self.sock.fileno(), selectors.EVENT_WRITE,
                          self.connected)

    def connected(self, key, mask):
        selector.unregister(key.fd)
        # HTTP/1.0, as the original sends: the server closes when done.
        request = f"GET {self.path} HTTP/1.0\r\n\r\n"
        self.sock.send(request.encode("ascii"))
        selector.register(key.fd, selectors.EVENT_READ, self.readable)

    def readable(self, key, mask):
        global pending
        # Readiness: the selector said there are bytes; we read them here.
        chunk = self.sock.recv(1024)
        if chunk:
            self.response += chunk
            return
        # No bytes: the server closed, the response is complete.
        selector.unregister(key.fd)
        self.sock.close()
        pending -= 1


def status_and_body(response):
    head, _, body = response.partition(b"\r\n\r\n")
    status = head.split(b"\r\n", 1)[0].split(b" ")[1].decode()
    return status, body.decode()


def loop():
    while pending > 0:
        for key, mask in selector.select():
            callback = key.data
            callback(key, mask)


def main():
    url = urlsplit(sys.argv[1])
    paths = sys.argv[2:] or ["/bar", "/foo"]
    fetchers = [Fetcher(url.hostname, url.port, p) for p in paths]
    start = time.perf_counter()
    for fetcher in fetchers:
        fetcher.fetch()
    loop()
    ms = (time.perf_counter() - start) * 1000
    for fetcher in fetchers:
        status, body = status_and_body(fetcher.response)
        print(f'GET {fetcher.path} -> {status} {json.dumps(body)}')
    print(f"{'both' if len(paths) == 2 else 'all'} answered after {format_ms(ms)}")


if __name__ == "__main__":
    main()
