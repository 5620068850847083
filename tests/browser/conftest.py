"""The browser tests share the kernel tests' helpers (build, missing)."""

import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "kernel"))
