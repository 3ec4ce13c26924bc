# The two requests in gevent: plain blocking code (urllib, as a script with
# no async anywhere would write it) run in two greenlets. After
# `monkey.patch_all()` the socket module underneath yields to gevent's hub
# whenever it would block, so the greenlets overlap. Without the patch, the
# same code blocks the one thread, and the two requests take turns.
#
# Usage: python3 gevent_patched.py BASE_URL [--no-patch]. Prints one JSON
# object; without gevent it prints {"missing": "gevent"} instead.
import sys

PATCH = "--no-patch" not in sys.argv

try:
    from gevent import monkey

    if PATCH:
        # Before anything else imports `socket`: swap the blocking calls
        # for ones that switch to another greenlet while they wait.
        monkey.patch_all()
    import gevent
except ImportError:
    import json

    print(json.dumps({"missing": "gevent"}))
    sys.exit(0)

import json
import time
import urllib.request

PATHS = ["/bar", "/foo"]


def get(url: str) -> str:
    # Blocking code, word for word: nothing here says it may pause.
    with urllib.request.urlopen(url) as response:
        return response.read().decode()


def main(base_url: str) -> dict:
    start = time.perf_counter()
    greenlets = [gevent.spawn(get, base_url + path) for path in PATHS]
    # `joinall` waits for both; `raise_error` passes a failure on.
    gevent.joinall(greenlets, raise_error=True)
    ms = (time.perf_counter() - start) * 1000
    bodies = [g.value for g in greenlets]
    return {"paths": PATHS, "bodies": bodies, "ms": ms, "patched": PATCH}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1])))
