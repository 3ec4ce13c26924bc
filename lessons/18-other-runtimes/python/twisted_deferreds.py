# The two requests in Twisted, the library asyncio learned from: a reactor,
# an `Agent` whose requests return Deferreds (a result promised for later,
# with callbacks chained onto it), and `inlineCallbacks`, which lets a
# generator `yield` a Deferred where asyncio code would `await`.
#
# Usage: python3 twisted_deferreds.py BASE_URL. Prints one JSON object;
# without Twisted it prints {"missing": "twisted"} instead.
import json
import sys
import time

try:
    from twisted.internet import defer, task
    from twisted.web.client import Agent, readBody
except ImportError:
    print(json.dumps({"missing": "twisted"}))
    sys.exit(0)

PATHS = ["/bar", "/foo"]


def get(agent: Agent, url: str) -> defer.Deferred:
    # `request` fires with the response's head; `readBody` with its body.
    # Each `addCallback` runs when the step before it has its result.
    d = agent.request(b"GET", url.encode())

    def check(response):
        if response.code != 200:
            raise RuntimeError(f"GET {url} answered {response.code}")
        return readBody(response)

    d.addCallback(check)
    d.addCallback(lambda body: body.decode())
    return d


@defer.inlineCallbacks
def main(reactor, base_url: str):
    # No pool of kept-alive connections: each request closes its own.
    agent = Agent(reactor)
    start = time.perf_counter()
    # Both requests start here; `gatherResults` fires once both have, with
    # the results in the order of the list.
    bodies = yield defer.gatherResults(
        [get(agent, base_url + path) for path in PATHS], consumeErrors=True
    )
    ms = (time.perf_counter() - start) * 1000
    print(json.dumps({"paths": PATHS, "bodies": bodies, "ms": ms}))


if __name__ == "__main__":
    # `react` runs the reactor until the Deferred that `main` returns fires.
    task.react(main, [sys.argv[1]])
