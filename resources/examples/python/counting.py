#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Each worker counts to N in a plain loop: two threads (one GIL between them) against three
processes (one interpreter each).

    python3 counting.py threads|processes
"""
import sys
import threading
import time
from multiprocessing import Process

N = 6_000_000


def count():
    i = 0
    while i < N:
        i += 1


def run(mode):
    start = time.perf_counter()
    if mode == "threads":
        workers = [threading.Thread(target=count, name=f"counter {i + 1}") for i in range(2)]
    else:
        workers = [Process(target=count, name=f"counter {i + 1}") for i in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(f"{mode}: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "threads")
