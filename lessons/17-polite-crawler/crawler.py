"""The polite crawler in Python: asyncio and aiohttp, for lesson 17.

Usage: python3 crawler.py URL [PER_HOST] [MAX_DEPTH] [RATE]
Prints one JSON object: pages (url, status, depth), broken, disallowed.
"""

import asyncio
import json
import random
import sys
import time
import urllib.robotparser
from urllib.parse import urldefrag, urljoin, urlsplit

import aiohttp
from html.parser import HTMLParser

AGENT = "workshop-crawler"
TRANSIENT = {429, 502, 503, 504}


class Links(HTMLParser):
    """Collects the href of every <a>."""

    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v]


def normalize(href, base):
    """One spelling per page: absolute, no fragment, no lone '?'."""
    url, _fragment = urldefrag(urljoin(base, href.strip()))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        return None
    return parts._replace(query=parts.query).geturl().rstrip("?")


class Crawler:
    def __init__(self, start, per_host, max_depth, rate=200.0):
        self.start = normalize(start, start)
        self.origin = "{0.scheme}://{0.netloc}".format(urlsplit(self.start))
        self.max_depth = max_depth
        # One semaphore per host: the limit is the host's, not the crawl's.
        self.limits = {}
        self.per_host = per_host
        self.interval = 1.0 / rate
        self.next_start = {}
        self.seen = set()
        self.pages, self.broken, self.disallowed = [], [], set()
        self.robots = urllib.robotparser.RobotFileParser()

    def limit(self, host):
        if host not in self.limits:
            self.limits[host] = asyncio.Semaphore(self.per_host)
        return self.limits[host]

    async def polite_get(self, session, url, retries=2):
        host = urlsplit(url).netloc
        for attempt in range(retries + 1):
            async with self.limit(host):
                # The rate: starts of one host at least `interval` apart.
                now = time.monotonic()
                due = max(now, self.next_start.get(host, 0.0))
                self.next_start[host] = due + self.interval
                await asyncio.sleep(due - now)
                try:
                    async with session.get(url, allow_redirects=False) as r:
                        body = await r.read()
                        if r.status not in TRANSIENT:
                            return r.status, r.headers, body
                        wait = float(r.headers.get("Retry-After", "0"))
                        if r.status == 429:
                            # No request to this host until then.
                            later = time.monotonic() + wait
                            self.next_start[host] = max(
                                self.next_start[host], later
                            )
                except asyncio.TimeoutError:
                    wait = 0.0
            if attempt == retries:
                raise RuntimeError(f"gave up after {attempt + 1} attempts")
            backoff = 0.05 * 2**attempt * (0.5 + random.random())
            await asyncio.sleep(max(wait, backoff))

    def admit(self, url, depth, found):
        if not url.startswith(self.origin + "/") or url in self.seen:
            return False
        if depth > self.max_depth:
            return False
        if not self.robots.can_fetch(AGENT, url):
            self.disallowed.add(url)
            return False
        self.seen.add(url)
        found.append(url)
        return True

    async def visit(self, session, url, depth):
        chain = [url]
        try:
            while True:
                status, headers, body = await self.polite_get(session, url)
                if 300 <= status < 400 and "Location" in headers:
                    target = normalize(headers["Location"], url)
                    if target in chain:
                        raise RuntimeError("redirect loop")
                    chain.append(target)
                    # A redirect's target counts at the depth of the link:
                    # taken out of the next depth if a page put it there.
                    if target in self.next_wave:
                        self.next_wave.remove(target)
                    elif not self.admit(target, depth, []):
                        return
                    url = target
                    continue
                break
        except Exception as error:  # noqa: BLE001 - reported, not raised
            self.broken.append({"url": chain[0], "reason": str(error)})
            return
        if status >= 400:
            self.broken.append({"url": chain[0], "reason": f"HTTP {status}"})
            return
        self.pages.append({"url": url, "status": status, "depth": depth})
        if headers.get("Content-Type", "").startswith("text/html"):
            parser = Links()
            parser.feed(body.decode("utf-8", "replace"))
            for href in parser.hrefs:
                link = normalize(href, url)
                if link is not None:
                    self.admit(link, depth + 1, self.next_wave)

    async def run(self):
        timeout = aiohttp.ClientTimeout(total=1.5)
        headers = {"User-Agent": AGENT}
        async with aiohttp.ClientSession(
            timeout=timeout, headers=headers
        ) as session:
            status, _, body = await self.polite_get(
                session, self.origin + "/robots.txt"
            )
            self.robots.parse(body.decode().splitlines() if status == 200 else [])
            wave = []
            self.admit(self.start, 0, wave)
            depth = 0
            # Depth by depth, so that a page's depth is its link distance.
            while wave:
                self.next_wave = []
                await asyncio.gather(
                    *(self.visit(session, url, depth) for url in wave)
                )
                wave, depth = self.next_wave, depth + 1


async def main():
    start = sys.argv[1]
    per_host = int(sys.argv[2]) if len(sys.argv) > 2 else 4
    max_depth = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    rate = float(sys.argv[4]) if len(sys.argv) > 4 else 200.0
    crawler = Crawler(start, per_host, max_depth, rate)
    await crawler.run()
    report = {
        "pages": crawler.pages,
        "broken": crawler.broken,
        "disallowed": sorted(crawler.disallowed),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    asyncio.run(main())
