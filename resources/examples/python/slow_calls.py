#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Five slow system calls (select with a 0.1 s timeout), serially or on five threads while the
main thread keeps computing. Blocking calls release the GIL, so the waits overlap.

    python3 slow_calls.py serial|threads
"""
import select
import sys
import threading
import time


def slow_call():
    select.select([], [], [], 0.1)


def compute(seconds):
    end = time.perf_counter() + seconds
    count = 0
    while time.perf_counter() < end:
        count += 1
    return count


def run(mode):
    start = time.perf_counter()
    if mode == "serial":
        for _ in range(5):
            slow_call()
    else:
        threads = [threading.Thread(target=slow_call, name=f"slow call {i}") for i in range(5)]
        for thread in threads:
            thread.start()
        compute(0.05)  # the main thread works while the calls wait
        for thread in threads:
            thread.join()
    print(f"{mode}: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "serial")
