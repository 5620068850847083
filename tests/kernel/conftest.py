"""Fixtures for the kernel tests: a freshly built gokmig-kernel binary, its
kernelspecs installed with --prefix into a temporary Jupyter path, and
kernels started through jupyter_client.

Under CI=true a missing toolchain or package fails the run; elsewhere the
tests that need it are skipped.
"""

import os
import sys

import pytest

from kernel_helpers import (
    KERNEL, KERNEL_FIX, KERNEL_PLAIN, KERNEL_UPSTREAM, build_program, gokmig, missing, start_kernel, stop_kernel,
)


@pytest.fixture(scope="session")
def gokmig_binary(tmp_path_factory):
    return build_program(tmp_path_factory.mktemp("bin") / "gokmig-kernel")


@pytest.fixture(scope="session")
def kernel_python():
    """The interpreter running the tests (the project's .venv) must have
    ipykernel, since it runs behind the gokmig kernel."""
    try:
        import ipykernel  # noqa: F401
    except ImportError:
        missing(f"{sys.executable} cannot import ipykernel; run scripts/setup")
    return sys.executable


@pytest.fixture(scope="session")
def jupyter_data(gokmig_binary, kernel_python, tmp_path_factory):
    """Installs the test kernelspecs under a temporary prefix and puts its
    data directory first on JUPYTER_PATH for the whole session."""
    prefix = tmp_path_factory.mktemp("prefix")
    for name, mode in ((KERNEL, "warn"), (KERNEL_FIX, "fix")):
        result = gokmig(
            gokmig_binary, "install", "--prefix", str(prefix), "--name", name,
            "--python", kernel_python, "--mode", mode,
        )
        assert result.returncode == 0, result.stderr
    data = prefix / "share" / "jupyter"
    # A plain ipykernel kernelspec, for --upstream-kernel.
    plain = data / "kernels" / KERNEL_PLAIN
    plain.mkdir(parents=True)
    (plain / "kernel.json").write_text(
        '{"argv": ["%s", "-m", "ipykernel_launcher", "-f", "{connection_file}"],'
        ' "display_name": "Plain Python", "language": "python"}' % kernel_python
    )
    result = gokmig(
        gokmig_binary, "install", "--prefix", str(prefix), "--name", KERNEL_UPSTREAM,
        "--upstream-kernel", KERNEL_PLAIN,
    )
    assert result.returncode == 0, result.stderr
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(data) + (os.pathsep + old if old else "")
    yield data
    if old is None:
        del os.environ["JUPYTER_PATH"]
    else:
        os.environ["JUPYTER_PATH"] = old


@pytest.fixture
def fresh_kernel(jupyter_data):
    """A kernel of its own for a test that may break or stop it."""
    km, kc = start_kernel()
    yield km, kc
    stop_kernel(km, kc)


@pytest.fixture(scope="module")
def shared_kernel(jupyter_data):
    """One kernel shared by the tests of a module that leave it usable."""
    km, kc = start_kernel()
    yield km, kc
    stop_kernel(km, kc)
