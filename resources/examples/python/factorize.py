#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Factorize five numbers by trial division: serially, on one thread per number, or in one
process per number. CPU-bound work: threads share one GIL, processes have one each.

    python3 factorize.py serial|threads|processes
"""
import sys
import threading
import time
from multiprocessing import Process

NUMBERS = [2139079, 1214759, 1516637, 1852285, 2139079]


def divisors(n):
    """Every divisor of n, found the slow way on purpose: one division per candidate."""
    return [d for d in range(1, n + 1) if n % d == 0]


def run(mode):
    start = time.perf_counter()
    if mode == "serial":
        for n in NUMBERS:
            divisors(n)
    else:
        kind = threading.Thread if mode == "threads" else Process
        workers = [kind(target=divisors, args=(n,), name=f"factorize {n}") for n in NUMBERS]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    print(f"{mode}: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "serial")
