#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A café: one thread takes three orders while another brews three cups of chai; or three
processes each brew one pot. Waiting overlaps, so it takes about the longest wait, not the sum.

    python3 orders_and_chai.py threads|processes
"""
import sys
import threading
import time
from multiprocessing import Process


def take_orders():
    for i in range(3):
        time.sleep(0.2)
        print(f"  order {i + 1} taken", flush=True)


def brew_chai(cups=3, seconds=0.3):
    for i in range(cups):
        time.sleep(seconds)
        print(f"  cup {i + 1} brewed", flush=True)


def run(mode):
    start = time.perf_counter()
    if mode == "threads":
        workers = [threading.Thread(target=take_orders, name="orders"),
                   threading.Thread(target=brew_chai, name="chai")]
    else:
        workers = [Process(target=brew_chai, args=(1, 0.9), name=f"chai pot {i + 1}")
                   for i in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(f"{mode}: {time.perf_counter() - start:.3f} s")


if __name__ == "__main__":
    run(sys.argv[1] if len(sys.argv) > 1 else "threads")
