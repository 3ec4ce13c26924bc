"""The asyncio original of lesson 5: tasks made with loop.create_task and
run_forever, a loop stopped with a task still pending, a SIGTERM handler
that cancels downloads, and an asyncio.TaskGroup whose failing task
cancels the others, against the bundled server.

Usage: python3 tasks.py BASE_URL MODE
MODE is create-tasks, stop-loop, graceful or task-group.
"""
import asyncio
import gc
import os
import signal
import sys
import threading
import time

import aiohttp

START = time.perf_counter()


def format_ms(ms):
    """1234.5 -> '1.23 s', 12.3 -> '12 ms', as the TypeScript prints."""
    if round(ms) >= 1000:
        return f"{ms / 1000:.2f} s"
    return f"{round(ms)} ms" if round(ms, 2) >= 10 else f"{ms:.2f} ms"


def elapsed():
    return format_ms((time.perf_counter() - START) * 1000)


async def say(what, when):
    await asyncio.sleep(when)
    print(what)


def create_tasks():
    loop = asyncio.new_event_loop()
    loop.create_task(say("first hello", 2))
    loop.create_task(say("second hello", 1))

    # run_forever does not return when the tasks are done. A thread that
    # is not the loop's looks after three seconds and stops it, so that
    # this program can end and say so.
    def look():
        print(f"still running after {elapsed()}: run_forever goes on")
        loop.call_soon_threadsafe(loop.stop)

    threading.Timer(3, look).start()
    loop.run_forever()
    loop.close()


async def stop_after(loop, when):
    await asyncio.sleep(when)
    loop.stop()


def stop_loop():
    loop = asyncio.new_event_loop()
    # What asyncio reports, without the task's address and file path.
    loop.set_exception_handler(
        lambda loop, context: print(f"asyncio: {context['message']}"))
    loop.create_task(say("first hello", 2))
    loop.create_task(say("second hello", 1))
    loop.create_task(say("third hello", 4))
    loop.create_task(stop_after(loop, 3))
    loop.run_forever()
    print(f"loop.stop() after {elapsed()}")
    loop.close()
    # The pending task is destroyed with the last reference to it.
    gc.collect()


async def download(session, url):
    async with session.get(url) as response:
        async for _ in response.content.iter_any():
            pass


async def graceful(base):
    loop = asyncio.get_running_loop()
    async with aiohttp.ClientSession() as session:
        tasks = [
            asyncio.create_task(
                download(session, f"{base}/drip?chunks=50&n={n}"))
            for n in (1, 2, 3)
        ]

        def on_sigterm():
            print("SIGTERM: cancelling the downloads")
            for task in tasks:
                task.cancel()

        loop.add_signal_handler(signal.SIGTERM, on_sigterm)
        await asyncio.sleep(0.5)
        print(f"{len(tasks)} downloads in progress")
        # As a parent process or `kill` would send it.
        os.kill(os.getpid(), signal.SIGTERM)
        results = await asyncio.gather(*tasks, return_exceptions=True)
    stopped = sum(isinstance(r, asyncio.CancelledError) for r in results)
    print(f"{stopped} of {len(tasks)} downloads cancelled")


async def get(session, url):
    async with session.get(url) as response:
        response.raise_for_status()
        return await response.text()


async def quick_then_failing(session, base):
    await get(session, base + "/delay/300")
    return await get(session, base + "/status/503")


async def task_group(base):
    async with aiohttp.ClientSession() as session:
        start = time.perf_counter()
        try:
            async with asyncio.TaskGroup() as group:
                group.create_task(get(session, base + "/delay/2000"))
                group.create_task(get(session, base + "/delay/2000"))
                group.create_task(quick_then_failing(session, base))
        except* aiohttp.ClientResponseError as failed:
            ms = (time.perf_counter() - start) * 1000
            print(f"the group raised after {format_ms(ms)}")
            print(f"  {type(failed).__name__}: {failed}")
            for error in failed.exceptions:
                print(f"    {type(error).__name__} {error.status}")


def main(base, mode):
    if mode == "create-tasks":
        create_tasks()
    elif mode == "stop-loop":
        stop_loop()
    elif mode == "graceful":
        asyncio.run(graceful(base))
    elif mode == "task-group":
        asyncio.run(task_group(base))
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
