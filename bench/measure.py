"""Running a command and measuring it, for the batch benchmarks.

One child process per measurement: its wall time (time.perf_counter around
start and exit), its CPU time and its peak memory (ru_maxrss, from wait4,
which reports the child alone).
"""

import os
import signal
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds
    max_rss_mb: float
    status: int  # exit status, or -signal
    timed_out: bool


def run(cmd, timeout=None, ok=(0, 1), env=None):
    """Run cmd with its output discarded and measure it.

    A child still running after timeout seconds is killed and the sample is
    marked timed_out. An exit status outside ok raises RuntimeError.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    fired = threading.Event()

    def kill():
        fired.set()
        proc.send_signal(signal.SIGKILL)

    timer = threading.Timer(timeout, kill) if timeout else None
    if timer:
        timer.start()
    try:
        # Read stderr while waiting so that a chatty child cannot block on
        # a full pipe; wait4 then reaps it and gives its own rusage.
        err = proc.stderr.read()
        _, raw, usage = os.wait4(proc.pid, 0)
    finally:
        if timer:
            timer.cancel()
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(raw)
    sample = Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        max_rss_mb=usage.ru_maxrss / 1024,
        status=proc.returncode,
        timed_out=fired.is_set(),
    )
    if not sample.timed_out and sample.status not in ok:
        raise RuntimeError("%s exited with %d: %s" % (" ".join(cmd), sample.status, err.decode(errors="replace")[-2000:]))
    return sample


def spread(values):
    """min, median and max of values."""
    return min(values), statistics.median(values), max(values)
