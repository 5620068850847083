"""What %load_ext gokmig adds to a cell: the execute round trip (request to
idle) of one cell in two plain ipykernels side by side, one with the
extension loaded, runs interleaved so that load on the machine hits both.

    go build -o /tmp/gokmig-kernel ./cmd/gokmig-kernel
    .venv/bin/python bench/extension_bench.py /tmp/gokmig-kernel [--runs 300] [--cell CODE]

Both kernels run on this interpreter, through a kernelspec in a temporary
JUPYTER_PATH; the extension comes from this tree's python/.
"""

import argparse
import json
import os
import pathlib
import statistics
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "kernel"))

from jupyter_client.manager import start_new_kernel  # noqa: E402
from kernel_helpers import run_cell  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("program", help="the gokmig-kernel binary the extension runs")
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--cell", default="pass")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="gokmig-extbench.") as tmp:
        measure(args, pathlib.Path(tmp))


def measure(args, data):
    spec = data / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3", "language": "python",
    }))
    os.environ["JUPYTER_PATH"] = str(data)
    env = dict(os.environ, PYTHONPATH=str(REPO / "python"), GOKMIG_KERNEL_BIN=args.program)
    kernels = {name: start_new_kernel(kernel_name="python3", env=env) for name in ("plain", "extension")}
    try:
        run_cell(kernels["extension"][1], "%load_ext gokmig")
        for _ in range(20):  # warm up both
            for _, kc in kernels.values():
                run_cell(kc, args.cell)
        times = {name: [] for name in kernels}
        for _ in range(args.runs):
            for name, (_, kc) in kernels.items():
                start = time.perf_counter()
                run_cell(kc, args.cell)
                times[name].append((time.perf_counter() - start) * 1000)
        for name, ts in times.items():
            ts.sort()
            print(f"{name:>9}: median {statistics.median(ts):.2f} ms, p90 {ts[int(len(ts) * 0.9)]:.2f} ms ({len(ts)} runs)")
    finally:
        for km, kc in kernels.values():
            kc.stop_channels()
            km.shutdown_kernel(now=True)


if __name__ == "__main__":
    main()
