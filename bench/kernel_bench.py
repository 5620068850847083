"""Side-by-side benchmark of a plain ipykernel and ipykernel behind gokmig.

Both kernels run at the same time, are driven by the same jupyter_client
(BlockingKernelClient) in this process, and are measured in alternation so
that drift in machine load affects both alike:

  A  "direct": PYTHON -m ipykernel_launcher, from a kernelspec this script
     writes into a temporary directory;
  B  "gokmig": the installed gokmig kernelspec (found on JUPYTER_PATH), which
     runs the same PYTHON -m ipykernel_launcher behind the Go proxy;
  R  "relay" (with --relay): the same ipykernel behind bench/relay, a plain
     TCP relay that copies bytes and reads nothing, in the latency rounds
     only. It is what any process in the middle costs on this machine;
     gokmig's own work is B - R.

Figures (see bench/README.md for what each one means):
  1. execute_request of `pass` -> idle on IOPub (median, p90), many times;
  2. a cell with a migration finding -> idle (cost of the notice);
  3. a 20,000-line print burst -> idle, and whether every line arrived;
  4. resident memory of the Go process after the runs above;
  5. start-up: start_kernel -> first kernel_info_reply, and -> wait_for_ready;
     shutdown duration and whether any process outlived the shutdown.

Every wait is bounded, and every kernel started here is shut down (killed if
need be) on any exit, including SIGTERM and Ctrl-C.

Run through bench/run, which builds and installs gokmig in a throwaway
prefix; or by hand with JUPYTER_PATH naming a prefix that holds the gokmig
kernelspec:  .venv/bin/python bench/kernel_bench.py --help
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from queue import Empty
from typing import Callable

import jupyter_client
import zmq
from jupyter_client import KernelManager
from jupyter_client.kernelspec import KernelSpecManager, NoSuchKernel

DIRECT, GOKMIG, RELAY = "direct", "gokmig", "relay"
LABELS = (DIRECT, GOKMIG)  # the kernels every phase measures

PASS_CELL = "pass"
# Never runs the import (tensorflow is not installed here), but the rules see
# tf.keras and report it, so gokmig publishes a notice for this cell.
WARNING_CELL = "if False:\n    import tensorflow as tf\n    m = tf.keras.Sequential()\n"


def burst_cell(lines: int) -> str:
    return f"for i in range({lines}):\n    print(i, flush=True)\n"


# Targets of issue 3 ("Performance").
TARGET_PASS_RATIO = 1.10
TARGET_PASS_DIFF_MS = 0.3
TARGET_BURST_RATIO = 1.25
TARGET_STARTUP_DIFF_S = 0.3
TARGET_RSS_MB = 40.0  # MB = 10**6 bytes


class BenchError(Exception):
    """A run that cannot give a valid figure (timeout, wrong kernel, error)."""


# ---------------------------------------------------------------- processes


def proc_status(pid: int) -> dict[str, str]:
    """Fields of /proc/PID/status; empty if the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return {}
    fields = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return fields


def status_kb(status: dict[str, str], key: str) -> int | None:
    """A "NNN kB" field of /proc/PID/status as an int."""
    value = status.get(key)
    return int(value.split()[0]) if value else None


def alive(pid: int) -> bool:
    """True if pid exists and is not a zombie waiting to be reaped."""
    state = proc_status(pid).get("State", "")
    return bool(state) and not state.startswith("Z")


def children_of(pid: int) -> list[int]:
    """PIDs whose parent is pid (scans /proc; fine for a handful of calls)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # Field 4 (ppid) follows the parenthesised command, which may hold spaces.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time used so far by pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    after = stat.rsplit(")", 1)[1].split()
    utime, stime = int(after[11]), int(after[12])  # fields 14 and 15
    return (utime + stime) / os.sysconf("SC_CLK_TCK")


def is_kernel_process(pid: int) -> bool:
    """True if pid runs one of the kernels benchmarked here; a PID seen
    earlier may since have been reused by an unrelated process."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return any(name in cmdline for name in (b"ipykernel_launcher", b"gokmig-kernel", b"gokmig-bench-relay"))


def machine_busy_seconds() -> float:
    """CPU time all CPUs have spent busy since boot (/proc/stat)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def own_cpu_seconds(kernels: dict) -> float:
    """CPU time used so far by this process and the kernel processes."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    total = usage.ru_utime + usage.ru_stime
    for kernel in kernels.values():
        for pid in [kernel.pid, *kernel.child_pids]:
            total += cpu_seconds(pid) or 0.0
    return total


def kill_if_alive(pid: int) -> bool:
    """SIGKILL pid if it is still a running kernel; True if it was killed."""
    if not alive(pid) or not is_kernel_process(pid):
        return False
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return False
    return True


# ------------------------------------------------------------------ kernels


@dataclass
class Execution:
    """What one execute_request produced, as seen by the client."""

    to_reply: float  # seconds from sending to execute_reply on shell
    to_idle: float  # seconds from sending to the request's idle on IOPub
    # True if idle never came (the kernel's IOPub queue overflowed and
    # dropped it); to_idle is then the time of the last message received.
    idle_lost: bool
    reply_status: str
    stdout: str
    stream_messages: int
    notices: int  # display_data carrying gokmig findings
    iopub_types: list[str]


class BenchKernel:
    """One kernel under test with its BlockingKernelClient.

    The client reads shell and IOPub together with one poller, the way a live
    frontend does, so that IOPub never backs up while we wait for a reply.
    """

    def __init__(self, label: str, km: KernelManager, log, record_pid: Callable[[int], None]):
        self.label = label
        self.km = km
        self.log = log  # file that takes the kernel's stdout and stderr
        self.record_pid = record_pid
        self.kc = None
        self.pid: int | None = None  # the process jupyter_client started
        self.child_pids: list[int] = []  # for gokmig: the ipykernel behind it
        self.kernel_info: dict = {}
        self.stopped = False  # shut down; its PIDs may be reused by now

    def start(self, timeout: float) -> tuple[float, float]:
        """Start the kernel; return seconds to the first kernel_info_reply and
        to the return of jupyter_client's wait_for_ready."""
        t0 = time.perf_counter()
        self.km.start_kernel(stdout=self.log, stderr=self.log)
        self.pid = self.km.provisioner.process.pid
        self.record_pid(self.pid)
        self.kc = self.km.client()
        self.kc.start_channels()
        deadline = t0 + timeout
        # Like wait_for_ready: ask, wait up to 1 s, ask again; the request is
        # queued by ZeroMQ until the kernel's socket accepts it.
        first_reply = None
        while first_reply is None:
            self.kc.kernel_info()
            resend_at = min(time.perf_counter() + 1.0, deadline)
            while first_reply is None:
                remaining = resend_at - time.perf_counter()
                if remaining <= 0:
                    break
                try:
                    msg = self.kc.get_shell_msg(timeout=remaining)
                except Empty:
                    break
                if msg["msg_type"] == "kernel_info_reply":
                    first_reply = time.perf_counter() - t0
                    self.kernel_info = msg["content"]
            if first_reply is None:
                if not self.km.is_alive():
                    raise BenchError(f"{self.label}: kernel died during start-up")
                if time.perf_counter() >= deadline:
                    raise BenchError(f"{self.label}: no kernel_info_reply within {timeout:.0f} s")
        self.kc.wait_for_ready(timeout=max(1.0, deadline - time.perf_counter()))
        ready = time.perf_counter() - t0
        if self.label in (GOKMIG, RELAY):  # their ipykernel too
            self.child_pids = children_of(self.pid)
            for pid in self.child_pids:
                self.record_pid(pid)
        return first_reply, ready

    def execute(self, code: str, timeout: float, idle_grace: float = 10.0) -> Execution:
        """Run code; return once both its execute_reply and its idle arrived,
        or idle_grace seconds after the reply and the last IOPub message if
        idle is lost."""
        kc = self.kc
        poller = zmq.Poller()
        poller.register(kc.shell_channel.socket, zmq.POLLIN)
        poller.register(kc.iopub_channel.socket, zmq.POLLIN)
        t0 = time.perf_counter()
        msg_id = kc.execute(code, store_history=True, allow_stdin=False)
        deadline = t0 + timeout
        to_reply = to_idle = None
        last_message = t0  # when the last IOPub message for this request came
        idle_lost = False
        reply_status = ""
        stdout: list[str] = []
        stream_messages = notices = 0
        iopub_types: list[str] = []
        while to_reply is None or to_idle is None:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise BenchError(f"{self.label}: {code.splitlines()[0]!r} did not finish within {timeout:.0f} s")
            if to_reply is not None and to_idle is None:
                quiet = time.perf_counter() - max(last_message, t0 + to_reply)
                if quiet > idle_grace:
                    idle_lost, to_idle = True, last_message - t0
                    break
                remaining = min(remaining, idle_grace - quiet)
            ready = dict(poller.poll(max(1, int(remaining * 1000))))
            if kc.iopub_channel.socket in ready:
                # Drain IOPub first: it carries the bulk of the traffic.
                while kc.iopub_channel.msg_ready() and time.perf_counter() < deadline:
                    msg = kc.get_iopub_msg(timeout=0)
                    if msg["parent_header"].get("msg_id") != msg_id:
                        continue
                    last_message = time.perf_counter()
                    kind = msg["msg_type"]
                    iopub_types.append(kind)
                    if kind == "stream":
                        stream_messages += 1
                        if msg["content"]["name"] == "stdout":
                            stdout.append(msg["content"]["text"])
                    elif kind == "display_data" and "gokmig" in msg["content"].get("metadata", {}):
                        notices += 1
                    elif kind == "status" and msg["content"]["execution_state"] == "idle":
                        to_idle = time.perf_counter() - t0
                        break
            if kc.shell_channel.socket in ready and to_reply is None:
                msg = kc.get_shell_msg(timeout=0)
                if msg["parent_header"].get("msg_id") == msg_id:
                    to_reply = time.perf_counter() - t0
                    reply_status = msg["content"]["status"]
        if reply_status != "ok":
            raise BenchError(f"{self.label}: {code.splitlines()[0]!r} replied {reply_status}")
        return Execution(to_reply, to_idle, idle_lost, reply_status, "".join(stdout), stream_messages, notices,
                         iopub_types)

    def memory(self) -> dict:
        """Resident memory (MB) of the started process and, for gokmig, of
        the ipykernel behind it."""
        out = {}
        status = proc_status(self.pid)
        out["process"] = {
            "pid": self.pid,
            "exe": os.path.basename(os.readlink(f"/proc/{self.pid}/exe")),
            "vm_rss_mb": status_kb(status, "VmRSS") * 1024 / 1e6,
            "vm_hwm_mb": status_kb(status, "VmHWM") * 1024 / 1e6,
            "threads": int(status.get("Threads", "0")),
            "cpu_seconds": cpu_seconds(self.pid),
        }
        for child in self.child_pids:
            child_status = proc_status(child)
            if child_status:
                out.setdefault("children", []).append(
                    {
                        "pid": child,
                        "vm_rss_mb": status_kb(child_status, "VmRSS") * 1024 / 1e6,
                        "cpu_seconds": cpu_seconds(child),
                    }
                )
        return out

    def shutdown(self) -> dict:
        """Shut down as JupyterLab does; report the time taken and any
        process that outlived it (then kill it)."""
        pids = [p for p in [self.pid, *self.child_pids] if p]
        t0 = time.perf_counter()
        if self.kc is not None:
            self.kc.stop_channels()
        # Bounded by the manager: shutdown_request, then SIGTERM, then SIGKILL.
        self.km.shutdown_kernel(now=False)
        took = time.perf_counter() - t0
        time.sleep(0.2)  # let a child that is still exiting finish
        survivors = [p for p in pids if kill_if_alive(p)]
        self.stopped = True
        return {"seconds": took, "survivors": survivors}

    def kill(self) -> None:
        """Last-resort cleanup; never raises."""
        if self.stopped:
            return
        try:
            if self.kc is not None:
                self.kc.stop_channels()
        except Exception:
            pass
        try:
            if self.km.has_kernel:
                self.km.shutdown_kernel(now=True)
        except Exception:
            pass
        for pid in [self.pid, *self.child_pids]:
            if pid:
                kill_if_alive(pid)


class Harness:
    """Makes kernel managers for both labels and remembers every kernel it
    started, so that all of them are stopped on exit."""

    def __init__(self, direct_python: str, gokmig_kernel: str, workdir: Path, reconnect_ivl_ms: int,
                 pid_file: Path | None, relay: str | None = None):
        # A kernelspec for the direct kernel, with exactly the command that
        # gokmig runs behind itself.
        kernels = workdir / "kernels"
        spec_dir = kernels / "bench-direct"
        spec_dir.mkdir(parents=True)
        argv = [direct_python, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
        (spec_dir / "kernel.json").write_text(
            json.dumps({"argv": argv, "display_name": "bench direct", "language": "python"})
        )
        if relay:
            # The same ipykernel, started by the relay behind itself.
            relay_dir = kernels / "bench-relay"
            relay_dir.mkdir()
            relay_argv = [os.path.abspath(relay), "--python", direct_python, "-f", "{connection_file}"]
            (relay_dir / "kernel.json").write_text(
                json.dumps({"argv": relay_argv, "display_name": "bench relay", "language": "python"})
            )
        self.direct_ksm = KernelSpecManager(kernel_dirs=[str(kernels)])
        self.gokmig_ksm = KernelSpecManager()
        self.gokmig_kernel = gokmig_kernel
        try:
            spec = self.gokmig_ksm.get_kernel_spec(gokmig_kernel)
        except NoSuchKernel:
            raise BenchError(
                f"kernelspec {gokmig_kernel!r} not found on JUPYTER_PATH "
                f"({os.environ.get('JUPYTER_PATH', 'unset')}); install it with "
                "'gokmig-kernel install --prefix DIR' and set JUPYTER_PATH=DIR/share/jupyter"
            ) from None
        self.specs = {
            DIRECT: {"argv": argv, "resource_dir": str(spec_dir)},
            GOKMIG: {"argv": spec.argv, "resource_dir": spec.resource_dir},
        }
        self.started: list[BenchKernel] = []
        self.workdir = workdir  # connection files go here too
        # The kernels' own output (ipykernel's warnings, gokmig's log) would
        # drown the progress lines; it is shown when a run fails.
        self.log_path = workdir / "kernels.log"
        self.log = open(self.log_path, "ab")
        # Every kernel PID goes here at once, so that bench/run can still
        # kill them if this process is killed before its own cleanup.
        self.pid_file = open(pid_file, "a", buffering=1) if pid_file else None
        # One ZeroMQ context for every client: same settings for A and B.
        # A client socket that connects before the kernel has bound its port
        # retries every RECONNECT_IVL (libzmq default 100 ms), which would
        # add up to that much, at random, to a start-up: ipykernel binds only
        # after its imports, gokmig at once. A short interval measures the
        # kernels rather than this retry.
        self.context = zmq.Context()
        self.context.setsockopt(zmq.RECONNECT_IVL, reconnect_ivl_ms)

    def new_kernel(self, label: str) -> BenchKernel:
        connection_file = str(self.workdir / f"{label}-{len(self.started)}.json")
        if label in (DIRECT, RELAY):
            name, ksm = f"bench-{label}", self.direct_ksm
        else:
            name, ksm = self.gokmig_kernel, self.gokmig_ksm
        km = KernelManager(kernel_name=name, kernel_spec_manager=ksm, context=self.context,
                           connection_file=connection_file)
        kernel = BenchKernel(label, km, self.log, self.record_pid)
        self.started.append(kernel)
        return kernel

    def record_pid(self, pid: int) -> None:
        if self.pid_file:
            self.pid_file.write(f"{pid}\n")

    def log_tail(self, lines: int = 20) -> str:
        self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def close(self) -> None:
        for kernel in self.started:
            kernel.kill()
        self.context.destroy(linger=0)
        self.log.close()
        if self.pid_file:
            self.pid_file.close()


# --------------------------------------------------------------- statistics


def percentile(samples: list[float], q: float) -> float:
    """q-th percentile (0..100), linear interpolation between ranks."""
    ordered = sorted(samples)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "median": statistics.median(samples),
        "p90": percentile(samples, 90),
        "mean": statistics.fmean(samples),
        "min": min(samples),
        "max": max(samples),
    }


def alternate(index: int, labels: tuple[str, ...] = LABELS) -> tuple[str, ...]:
    """The kernels in turn, starting one further each round (A then B, then
    B then A; with R: A B R, B R A, R A B): each goes first as often, so none
    profits from running right after the same other."""
    shift = index % len(labels)
    return labels[shift:] + labels[:shift]


# --------------------------------------------------------------- the phases


def progress(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run_executions(kernels: dict[str, BenchKernel], code: str, rounds: int, timeout: float,
                   check: Callable[[str, Execution], None] | None = None) -> dict:
    """Run code `rounds` times on each kernel, alternating; times in ms."""
    labels = tuple(kernels)
    idle = {label: [] for label in labels}
    reply = {label: [] for label in labels}
    for i in range(rounds):
        for label in alternate(i, labels):
            result = kernels[label].execute(code, timeout)
            if result.idle_lost:
                raise BenchError(f"{label}: no idle for {code.splitlines()[0]!r}: IOPub lost messages")
            if check:
                check(label, result)
            idle[label].append(result.to_idle * 1e3)
            reply[label].append(result.to_reply * 1e3)
    paired = [b - a for a, b in zip(idle[DIRECT], idle[GOKMIG])]
    results = {
        "code": code,
        "to_idle_ms": {label: summary(idle[label]) for label in labels},
        "to_reply_ms": {label: summary(reply[label]) for label in labels},
        "paired_idle_diff_ms": summary(paired),
        "samples_to_idle_ms": idle,
    }
    if RELAY in labels:
        results["paired_idle_diff_relay_ms"] = summary([b - r for r, b in zip(idle[RELAY], idle[GOKMIG])])
    return results


def notice_checker(gokmig_argv: list[str]) -> Callable[[str, Execution], None]:
    """A check that the warning cell gets exactly one notice through gokmig
    (none if its kernelspec says --mode off), after execute_input, and none
    from the direct kernel."""
    mode_off = "--mode" in gokmig_argv[:-1] and gokmig_argv[gokmig_argv.index("--mode") + 1] == "off"

    def check(label: str, result: Execution) -> None:
        expected = 1 if label == GOKMIG and not mode_off else 0
        if result.notices != expected:
            raise BenchError(f"{label}: warning cell produced {result.notices} notices, expected {expected}")
        types = result.iopub_types
        if expected and types.index("display_data") < types.index("execute_input"):
            raise BenchError(f"{label}: notice published before execute_input: {types}")

    return check


def missing_ranges(got: list[str], lines: int, limit: int = 10) -> list[list[int]]:
    """The first runs of numbers 0..lines-1 absent from got, as [first, last]:
    one long run points at a queue that overflowed."""
    seen = {int(line) for line in got if line.isdigit()}
    ranges: list[list[int]] = []
    for n in range(lines):
        if n in seen:
            continue
        if ranges and ranges[-1][1] == n - 1:
            ranges[-1][1] = n
        elif len(ranges) == limit:
            break
        else:
            ranges.append([n, n])
    return ranges


def run_bursts(kernels: dict[str, BenchKernel], lines: int, reps: int, timeout: float) -> dict:
    expected = [str(i) for i in range(lines)]
    seconds = {label: [] for label in LABELS}
    received = {label: [] for label in LABELS}
    complete = {label: [] for label in LABELS}
    messages = {label: [] for label in LABELS}
    missing = {label: [] for label in LABELS}
    idle_lost = {label: [] for label in LABELS}
    for r in range(reps):
        for label in alternate(r):
            progress(f"  burst {r + 1}/{reps} {label}")
            result = kernels[label].execute(burst_cell(lines), timeout)
            got = result.stdout.splitlines()
            seconds[label].append(result.to_idle)
            received[label].append(len(got))
            complete[label].append(got == expected)
            messages[label].append(result.stream_messages)
            missing[label].append([] if got == expected else missing_ranges(got, lines))
            idle_lost[label].append(result.idle_lost)
    return {
        "lines": lines,
        "to_idle_s": {label: summary(seconds[label]) for label in LABELS},
        "lines_received": received,
        "complete": complete,
        "stream_messages": messages,
        "missing_lines": missing,
        "idle_lost": idle_lost,
        "samples_to_idle_s": seconds,
    }


def run_startups(harness: Harness, reps: int, timeout: float) -> dict:
    """Start and shut down fresh kernels, alternating the order."""
    first_reply = {label: [] for label in LABELS}
    ready = {label: [] for label in LABELS}
    shutdown = {label: [] for label in LABELS}
    survivors = {label: [] for label in LABELS}
    for r in range(reps):
        for label in alternate(r):
            kernel = harness.new_kernel(label)
            reply_s, ready_s = kernel.start(timeout)
            stopped = kernel.shutdown()
            progress(f"  start-up {r + 1}/{reps} {label}: {reply_s:.3f} s to kernel_info_reply, "
                     f"shutdown {stopped['seconds']:.2f} s")
            first_reply[label].append(reply_s)
            ready[label].append(ready_s)
            shutdown[label].append(stopped["seconds"])
            survivors[label].extend(stopped["survivors"])
    return {
        "to_first_kernel_info_reply_s": {label: summary(first_reply[label]) for label in LABELS},
        "to_wait_for_ready_s": {label: summary(ready[label]) for label in LABELS},
        "shutdown_s": {label: summary(shutdown[label]) for label in LABELS},
        "survivors": survivors,
        "samples_to_first_kernel_info_reply_s": first_reply,
    }


def run_all(args: argparse.Namespace, harness: Harness) -> dict:
    results: dict = {}
    labels = LABELS + ((RELAY,) if args.relay else ())
    progress(f"starting the kernels: {', '.join(labels)}")
    kernels = {}
    for label in labels:
        kernels[label] = harness.new_kernel(label)
        kernels[label].start(args.start_timeout)
    if args.relay and kernels[RELAY].kernel_info.get("implementation") != "ipython":
        raise BenchError(f"relay: kernel_info implementation {kernels[RELAY].kernel_info.get('implementation')!r}, "
                         "not ipykernel's")
    implementation = kernels[GOKMIG].kernel_info.get("implementation")
    if implementation != "gokmig":
        raise BenchError(f"kernelspec {args.gokmig_kernel!r} is not gokmig "
                         f"(kernel_info implementation {implementation!r})")
    if not kernels[GOKMIG].child_pids:
        raise BenchError("gokmig: found no ipykernel child process")

    progress(f"warm-up: {args.warmup} x {PASS_CELL!r} each")
    run_executions(kernels, PASS_CELL, args.warmup, args.exec_timeout)
    latency_kernels = kernels
    # The relay takes part in the latency rounds only.
    kernels = {label: kernels[label] for label in LABELS}
    burst_cell_warmup = min(1000, args.burst_lines)
    for label in LABELS:
        kernels[label].execute(burst_cell(burst_cell_warmup), args.burst_timeout)

    # Other processes' CPU use during the measurements, to judge a run: the
    # machine's busy time minus ours.
    wall0, busy0, own0 = time.perf_counter(), machine_busy_seconds(), own_cpu_seconds(kernels)

    progress(f"latency: {args.executions} x {PASS_CELL!r} each, alternating")
    results["pass"] = run_executions(latency_kernels, PASS_CELL, args.executions, args.exec_timeout)

    progress(f"warning cell: {args.warning_executions} x each, alternating")
    results["warning_cell"] = run_executions(latency_kernels, WARNING_CELL, args.warning_executions,
                                             args.exec_timeout, notice_checker(harness.specs[GOKMIG]["argv"]))

    progress(f"burst: {args.burst_reps} x {args.burst_lines} lines each, alternating")
    results["burst"] = run_bursts(kernels, args.burst_lines, args.burst_reps, args.burst_timeout)

    # After all the traffic above, as the issue asks.
    results["memory"] = {label: kernels[label].memory() for label in LABELS}
    wall = time.perf_counter() - wall0
    others = (machine_busy_seconds() - busy0) - (own_cpu_seconds(kernels) - own0)
    results["other_processes"] = {"wall_seconds": wall, "cpu_seconds": max(0.0, others),
                                  "cpus": os.cpu_count()}
    if results["memory"][GOKMIG]["process"]["exe"] != "gokmig-kernel":
        raise BenchError(f"gokmig pid {kernels[GOKMIG].pid} runs {results['memory'][GOKMIG]['process']['exe']}")

    progress("shutting down the kernels")
    results["shutdown_after_runs"] = {label: kernels[label].shutdown() for label in LABELS}
    if args.relay:
        latency_kernels[RELAY].shutdown()

    progress(f"start-up: {args.startup_reps} x each, alternating")
    results["startup"] = run_startups(harness, args.startup_reps, args.start_timeout)
    return results


# ------------------------------------------------------------------ report


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def table(results: dict) -> str:
    """The figures and targets, as a plain-text table."""
    rows = [("figure", "direct (A)", "gokmig (B)", "B/A", "B-A", "target", "")]

    def compare(name, a, b, unit, fmt, target="", ok=None):
        diff = b - a
        rows.append((name, f"{a:{fmt}} {unit}", f"{b:{fmt}} {unit}", f"{b / a:.3f}",
                     f"{diff:+{fmt}} {unit}", target, "" if ok is None else verdict(ok)))

    p = results["pass"]
    a, b = p["to_idle_ms"][DIRECT], p["to_idle_ms"][GOKMIG]
    ok = b["median"] <= a["median"] * TARGET_PASS_RATIO or b["median"] - a["median"] <= TARGET_PASS_DIFF_MS
    compare(f"pass -> idle, median (n={a['n']})", a["median"], b["median"], "ms", ".3f",
            f"<= {TARGET_PASS_RATIO:.2f}x or +{TARGET_PASS_DIFF_MS} ms", ok)
    compare("pass -> idle, p90", a["p90"], b["p90"], "ms", ".3f")
    compare("pass -> idle, min", a["min"], b["min"], "ms", ".3f")
    rows.append(("pass -> idle, paired B-A median", "", "", "",
                 f"{p['paired_idle_diff_ms']['median']:+.3f} ms", "", ""))
    r = p["to_reply_ms"]
    compare("pass -> execute_reply, median", r[DIRECT]["median"], r[GOKMIG]["median"], "ms", ".3f")
    relay = p["to_idle_ms"].get(RELAY)
    if relay:
        # The relay in column A: what gokmig adds to any process in between.
        compare("relay as A: pass -> idle, median", relay["median"], b["median"], "ms", ".3f")
        compare("relay as A: pass -> idle, p90", relay["p90"], b["p90"], "ms", ".3f")
        rows.append(("relay as A: pass -> idle, paired B-A median", "", "", "",
                     f"{p['paired_idle_diff_relay_ms']['median']:+.3f} ms", "", ""))
        compare("relay against direct: pass -> idle, median", a["median"], relay["median"], "ms", ".3f")

    w = results["warning_cell"]["to_idle_ms"]
    compare(f"cell with finding -> idle, median (n={w[DIRECT]['n']})", w[DIRECT]["median"], w[GOKMIG]["median"],
            "ms", ".3f")
    compare("cell with finding -> idle, p90", w[DIRECT]["p90"], w[GOKMIG]["p90"], "ms", ".3f")
    if RELAY in w:
        compare("relay as A: cell with finding -> idle, median", w[RELAY]["median"], w[GOKMIG]["median"],
                "ms", ".3f")

    burst = results["burst"]
    s = burst["to_idle_s"]
    complete = all(burst["complete"][GOKMIG])
    compare(f"{burst['lines']}-line burst -> idle, median (n={s[DIRECT]['n']})", s[DIRECT]["median"],
            s[GOKMIG]["median"], "s", ".3f", f"<= {TARGET_BURST_RATIO:.2f}x",
            s[GOKMIG]["median"] <= s[DIRECT]["median"] * TARGET_BURST_RATIO)
    rows.append(("burst lines received (min over runs)", str(min(burst["lines_received"][DIRECT])),
                 str(min(burst["lines_received"][GOKMIG])), "", "", f"all {burst['lines']}",
                 verdict(complete)))

    def losses(label):
        return (f"{burst['complete'][label].count(False)}/{len(burst['complete'][label])}, "
                f"{burst['idle_lost'][label].count(True)}")

    rows.append(("bursts with lines lost, with idle lost", losses(DIRECT), losses(GOKMIG), "", "", "", ""))
    rows.append(("burst stream messages (median)",
                 f"{statistics.median(burst['stream_messages'][DIRECT]):.0f}",
                 f"{statistics.median(burst['stream_messages'][GOKMIG]):.0f}", "", "", "", ""))

    st = results["startup"]
    f = st["to_first_kernel_info_reply_s"]
    compare(f"start -> first kernel_info_reply, median (n={f[DIRECT]['n']})", f[DIRECT]["median"],
            f[GOKMIG]["median"], "s", ".3f", f"<= +{TARGET_STARTUP_DIFF_S} s",
            f[GOKMIG]["median"] - f[DIRECT]["median"] <= TARGET_STARTUP_DIFF_S)
    wr = st["to_wait_for_ready_s"]
    compare("start -> wait_for_ready returns, median", wr[DIRECT]["median"], wr[GOKMIG]["median"], "s", ".3f")
    sd = st["shutdown_s"]
    compare("shutdown_kernel, median", sd[DIRECT]["median"], sd[GOKMIG]["median"], "s", ".3f")
    survivors = {label: st["survivors"][label] + results["shutdown_after_runs"][label]["survivors"]
                 for label in LABELS}
    rows.append(("processes left after shutdown", str(len(survivors[DIRECT])), str(len(survivors[GOKMIG])),
                 "", "", "0", verdict(not survivors[GOKMIG])))

    mem = results["memory"]
    go = mem[GOKMIG]["process"]
    rows.append(("Go process VmRSS after runs", "", f"{go['vm_rss_mb']:.1f} MB", "", "",
                 f"< {TARGET_RSS_MB:.0f} MB", verdict(go["vm_rss_mb"] < TARGET_RSS_MB)))
    rows.append(("Go process VmHWM (peak RSS)", "", f"{go['vm_hwm_mb']:.1f} MB", "", "", "", ""))
    rows.append(("Go process CPU time, whole run", "", f"{go['cpu_seconds']:.2f} s", "", "", "", ""))
    child = mem[GOKMIG].get("children", [{}])[0]
    rows.append(("ipykernel VmRSS after runs", f"{mem[DIRECT]['process']['vm_rss_mb']:.1f} MB",
                 f"{child.get('vm_rss_mb', float('nan')):.1f} MB", "", "", "", ""))
    rows.append(("ipykernel CPU time, whole run", f"{mem[DIRECT]['process']['cpu_seconds']:.2f} s",
                 f"{child.get('cpu_seconds', float('nan')):.2f} s", "", "", "", ""))

    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def environment(harness: Harness) -> dict:
    """What the figures depend on, for comparing runs."""
    import ipykernel  # the same package the direct kernel runs

    repo = Path(__file__).resolve().parent.parent
    try:
        commit = subprocess.run(["git", "-C", str(repo), "describe", "--always", "--dirty"],
                                capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        commit = ""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "commit": commit,
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "python": platform.python_version(),
        "jupyter_client": jupyter_client.__version__,
        "ipykernel (client side)": ipykernel.__version__,
        "pyzmq": zmq.__version__,
        "libzmq": zmq.zmq_version(),
        "kernelspecs": harness.specs,
    }


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    parser.add_argument("--gokmig-kernel", default="gokmig", help="name of the installed gokmig kernelspec")
    parser.add_argument("--direct-python", default=sys.executable,
                        help="Python that runs the direct ipykernel (use the one the gokmig kernelspec runs)")
    parser.add_argument("--executions", type=int, default=300, help="measured `pass` executions per kernel")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured `pass` executions per kernel first")
    parser.add_argument("--warning-executions", type=int, default=100,
                        help="measured executions of the cell with a finding, per kernel")
    parser.add_argument("--burst-lines", type=int, default=20000, help="lines printed by the burst cell")
    parser.add_argument("--burst-reps", type=int, default=5, help="burst runs per kernel")
    parser.add_argument("--startup-reps", type=int, default=5, help="kernel starts per kernel")
    parser.add_argument("--exec-timeout", type=float, default=30, help="seconds allowed per small cell")
    parser.add_argument("--burst-timeout", type=float, default=180, help="seconds allowed per burst")
    parser.add_argument("--start-timeout", type=float, default=60, help="seconds allowed per kernel start")
    parser.add_argument("--reconnect-ivl-ms", type=int, default=10,
                        help="ZeroMQ reconnect interval of the client sockets (libzmq's default is 100)")
    parser.add_argument("--relay", metavar="PATH",
                        help="also measure latency through this plain TCP relay (bench/relay) in front of "
                             "the direct ipykernel: the cost of any process in between (bench/run builds it)")
    parser.add_argument("--pid-file", type=Path,
                        help="append the PID of every kernel process started to this file (for bench/run)")
    parser.add_argument("--results-dir", type=Path, default=Path(__file__).resolve().parent / "results",
                        help="where the JSON results go")
    args = parser.parse_args(argv)
    for name in ("executions", "warmup", "warning_executions", "burst_lines", "burst_reps", "startup_reps"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return args


def raise_on_signal(signum, _frame):
    # Turn SIGTERM/SIGHUP into an exception so that the cleanup in main runs.
    raise SystemExit(128 + signum)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, raise_on_signal)
    signal.signal(signal.SIGHUP, raise_on_signal)
    # Ctrl-C must also reach our cleanup when a shell script started us in
    # the background (which sets SIGINT to "ignore").
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="gokmig-bench-") as tmp:
        harness = None
        try:
            harness = Harness(args.direct_python, args.gokmig_kernel, Path(tmp), args.reconnect_ivl_ms,
                              args.pid_file, args.relay)
            env = environment(harness)
            gokmig_argv = harness.specs[GOKMIG]["argv"]
            if args.direct_python not in gokmig_argv:
                progress(f"note: the gokmig kernelspec does not name {args.direct_python}; "
                         f"the two kernels may run different Pythons: {gokmig_argv}")
            results = run_all(args, harness)
            env["load_average_after"] = os.getloadavg()
        except BenchError as err:
            print(f"kernel_bench: {err}", file=sys.stderr)
            if harness is not None:
                print(f"last lines of the kernels' output:\n{harness.log_tail()}", file=sys.stderr)
            return 1
        except KeyboardInterrupt:
            print("kernel_bench: interrupted; stopping the kernels", file=sys.stderr)
            return 130
        finally:
            if harness is not None:
                # A second Ctrl-C or SIGTERM must not cut the cleanup short;
                # it is bounded (kernels that do not stop are killed).
                signal.signal(signal.SIGINT, signal.SIG_IGN)
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                harness.close()

    report = {"environment": env, "config": {k: str(v) if isinstance(v, Path) else v
                                             for k, v in vars(args).items()}, "results": results}
    print(table(results))
    other = results["other_processes"]
    share = other["cpu_seconds"] / (other["wall_seconds"] * other["cpus"])
    print(f"\nOther processes used {other['cpu_seconds']:.1f} CPU-seconds during the "
          f"{other['wall_seconds']:.0f} s of latency, finding and burst runs "
          f"({share:.0%} of {other['cpus']} CPUs); 1-minute load average before the run: "
          f"{env['load_average'][0]:.2f}.")
    if share > 0.05:
        print("note: the machine was not idle; expect noisier figures than on an idle one")
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    out = args.results_dir / f"kernel-bench-{stamp}.json"
    out.write_text(json.dumps(report, indent=1) + "\n")
    print(f"\nresults: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
