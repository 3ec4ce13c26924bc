# What the readiness interfaces say of a regular file: `select` and `poll`
# call it ready at once, though a read may still wait for the disk, and
# `epoll` will not watch it at all (Linux answers EPERM).
#
# Usage: python3 file_readiness.py FILE. Prints one JSON object.
import json
import select
import sys


def main(path: str) -> dict:
    with open(path, "rb") as file:
        ready, _, _ = select.select([file], [], [], 0)
        poller = select.poll()
        poller.register(file, select.POLLIN)
        polled = poller.poll(0)
        try:
            epoll = select.epoll()
            epoll.register(file, select.EPOLLIN)
            watched = "registered"
        except OSError as error:
            watched = f"refused: {error.strerror} (errno {error.errno})"
    return {
        "select": "ready" if ready else "not ready",
        "poll": "ready" if polled else "not ready",
        "epoll": watched,
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
