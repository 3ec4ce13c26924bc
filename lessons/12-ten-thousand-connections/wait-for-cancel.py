"""Does a cancel reach a task that waits in asyncio.wait_for() when the
awaited step finishes in the same turn of the loop? Before Python 3.12 the
cancel was lost: wait_for() returned the step's result instead, and a loop
such as asyncli.py's went on running. Prints "cancelled" or "lost"."""

import asyncio
import sys


async def main():
    step = asyncio.get_running_loop().create_future()
    task = asyncio.create_task(asyncio.wait_for(step, 3))
    # Let the task start waiting.
    await asyncio.sleep(0)
    # The step finishes, and the task is cancelled, in the same turn.
    step.set_result("the step's result")
    task.cancel()
    try:
        await task
        outcome = "lost"
    except asyncio.CancelledError:
        outcome = "cancelled"
    version = ".".join(map(str, sys.version_info[:2]))
    print(f"Python {version}: the cancel was {outcome}")


asyncio.run(main())
