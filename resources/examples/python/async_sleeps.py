#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Five coroutines that each wait one second, gathered on one event loop in one thread: a single
waiter serving many tables. They finish together, after about one second, not five.

    python3 async_sleeps.py
"""
import asyncio
import time


async def table(number):
    await asyncio.sleep(1.0)
    return number


async def main():
    start = time.perf_counter()
    served = await asyncio.gather(*(table(i) for i in range(5)))
    print(f"served {len(served)} tables: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    asyncio.run(main())
