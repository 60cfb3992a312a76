"""What one ``tracker.log()`` costs the training loop: N calls of a 10-key dict in the caller's thread, against a
baseline in the same process (the same loop appending the same dict to a list), while the background sender
delivers to a server. Not run by the tests; results go to docs/performance.md ("Python client").

    cd src/clients/python
    python3 bench/log_overhead.py                          # the in-process fake server of the tests
    python3 bench/log_overhead.py --start                  # a real Tracker started here (TRACKER_TEST_POSTGRES and a
                                                           # built server, as the integration tests)
    python3 bench/log_overhead.py --url URL --token T      # a running Tracker

Each round logs a fresh run: N ``log()`` calls back to back (far faster than any training step, so this is the
worst case for the caller: the sender competes for the GIL the whole time and the queue may overflow to the
spool), timed with ``perf_counter`` around the loop only; then ``finish()`` waits for delivery, outside the timing.
The figure is the median of the rounds.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

import tracker  # noqa: E402


def values(i: int) -> dict:
    return {"reward": 0.5 + i * 1e-6, "loss": 1.0 / (i + 1), "tokens": 4096, "actor/kl_loss": 0.001,
            "actor/entropy": 0.7, "actor/grad_norm": 1.5, "critic/score/mean": 0.4, "response_length/mean": 512.0,
            "perf/throughput": 1234.5, "timing_s/step": 12.3}


def baseline(n: int):
    sink = []
    start, cpu0 = time.perf_counter(), time.thread_time()
    for i in range(n):
        sink.append(values(i))
    return time.perf_counter() - start, time.thread_time() - cpu0


def empty(n: int) -> float:
    start = time.perf_counter()
    for i in range(n):
        values(i)
    return time.perf_counter() - start


def logged(n: int, url: str, token, spool: str, finish_timeout: float, max_queue: int):
    run = tracker.init(study="bench-python-client", name=f"overhead-{uuid.uuid4().hex[:8]}", model_size="7B",
                       url=url, token=token, spool_dir=spool,
                       options=tracker.Options(finish_timeout=finish_timeout, max_queue=max_queue))
    start, cpu0 = time.perf_counter(), time.thread_time()
    for i in range(n):
        run.log(values(i), step=i + 1)
    elapsed, cpu = time.perf_counter() - start, time.thread_time() - cpu0
    t0 = time.perf_counter()
    delivered = run.finish(timeout=finish_timeout)
    return elapsed, cpu, time.perf_counter() - t0, delivered, run.stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=100_000, help="log() calls per round (default 100000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--url")
    parser.add_argument("--token")
    parser.add_argument("--start", action="store_true", help="start a real Tracker (needs TRACKER_TEST_POSTGRES)")
    parser.add_argument("--max-queue", type=int, default=tracker.Options().max_queue,
                        help="Options.max_queue (default 10000: a burst beyond it is written to the spool by log())")
    args = parser.parse_args()

    server = fake = None
    token = args.token
    if args.start:
        from tests.realserver import ServerProcess
        server = ServerProcess().start()
        url, token, target = server.url, server.issue_token("write", name="bench"), "real Tracker (Release, started here)"
    elif args.url:
        url, target = args.url, f"Tracker at {args.url}"
    else:
        from tests.fakeserver import FakeTracker
        fake = FakeTracker()
        url, target = fake.url, "in-process fake server (tests/fakeserver.py)"

    spool = tempfile.mkdtemp(prefix="tracker-bench-")
    n = args.n
    try:
        print(f"python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, "
              f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}; target: {target}; N={n}, "
              f"max_queue={args.max_queue}")
        rows = []
        for r in range(args.rounds):
            b, bc = baseline(n)
            e = empty(n)
            t, tc, fin, ok, stats = logged(n, url, token, spool, finish_timeout=600.0, max_queue=args.max_queue)
            rows.append((b, bc, e, t, tc))
            print(f"round {r + 1}: dict only {e / n * 1e6:.2f} µs, dict+append {b / n * 1e6:.2f} µs "
                  f"(caller CPU {bc / n * 1e6:.2f}), dict+log {t / n * 1e6:.2f} µs (caller CPU {tc / n * 1e6:.2f}) per call; "
                  f"finish took {fin:.1f} s, delivered={ok}, requests={stats['requests']} accepted={stats['accepted']} "
                  f"spooled={stats['spooled']} retries={stats['retries']} dropped={stats['dropped']}")
        b, bc, e, t, tc = (statistics.median(x[k] for x in rows) / n * 1e6 for k in range(5))
        print(f"median: log() loop {t:.2f} µs/call vs append loop {b:.2f} µs/call: ratio {t / b:.1f}x; "
              f"caller-thread CPU {tc:.2f} vs {bc:.2f} µs/call: ratio {tc / bc:.1f}x; "
              f"log() itself ≈ {t - e:.2f} µs/call wall (loop minus building the dict), append ≈ {b - e:.2f}; "
              f"load average after {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    finally:
        shutil.rmtree(spool, ignore_errors=True)
        if fake is not None:
            fake.stop()
        if server is not None:
            server.close()


if __name__ == "__main__":
    main()
