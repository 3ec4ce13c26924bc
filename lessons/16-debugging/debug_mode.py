# The asyncio original: the three mistakes that asyncio's debug mode reports,
# made one after another. Run it plain, then in debug mode:
#   python3 debug_mode.py
#   PYTHONASYNCIODEBUG=1 python3 debug_mode.py
# (Debug mode is also asyncio.run(main(), debug=True), loop.set_debug(True)
# or python3 -X dev.) Everything goes to stderr, in the order it happens.
import asyncio
import gc
import sys
import time


def say(text):
    print(text, file=sys.stderr, flush=True)


async def save(order):
    await asyncio.sleep(0.01)


async def audit(order):
    raise RuntimeError(f"the audit of {order} failed")


async def main():
    loop = asyncio.get_running_loop()
    say(f"debug: {loop.get_debug()}, slow: {loop.slow_callback_duration} s")

    say("1. a blocking call inside a coroutine")
    # time.sleep() holds the whole loop for 0.3 s: in debug mode, a step of
    # a task that takes longer than slow_callback_duration is logged.
    time.sleep(0.3)
    await asyncio.sleep(0)

    say("2. a coroutine that is never awaited")
    # Calling a coroutine function only makes a coroutine object: nothing
    # runs, and when it is garbage collected Python warns.
    save("apple")

    say("3. a task whose exception nobody retrieves")
    task = asyncio.create_task(audit("apple"))
    await asyncio.sleep(0.01)
    # The task failed, and nobody awaited it: when it is collected, asyncio
    # logs the exception.
    del task
    gc.collect()
    say("main() is done")


asyncio.run(main())
