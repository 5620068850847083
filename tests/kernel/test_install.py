"""The install, uninstall and kernelspecs verbs, checked through Jupyter's
own view of the kernelspecs."""

import json
import os
import struct
import venv

import pytest

from kernel_helpers import KERNEL_PLAIN, gokmig


def env_with(**changes):
    env = dict(os.environ)
    for key, value in changes.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = str(value)
    return env


def png_size(path):
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.fixture
def bare_python(tmp_path):
    """A real interpreter without ipykernel: a fresh venv without pip."""
    where = tmp_path / "bare-env"
    venv.EnvBuilder(with_pip=False).create(where)
    return where / "bin" / "python3"


def test_install_writes_a_kernelspec_jupyter_can_use(gokmig_binary, kernel_python, tmp_path):
    result = gokmig(gokmig_binary, "install", "--prefix", tmp_path, "--python", kernel_python)
    assert result.returncode == 0, result.stderr
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "gokmig"
    assert str(spec_dir) in result.stdout
    spec = json.loads((spec_dir / "kernel.json").read_text())
    argv = spec["argv"]
    assert argv[0] == str(gokmig_binary) and os.path.isabs(argv[0])
    assert argv[1] == "kernel"
    assert argv[-2:] == ["-f", "{connection_file}"]
    assert argv[argv.index("--python") + 1] == kernel_python
    assert "--mode" not in argv  # warn is the kernel's default; a project's [tool.gokmig] mode may change it
    assert spec["display_name"] == "Python 3 (Keras 3 migration)"
    assert spec["language"] == "python"
    assert spec["interrupt_mode"] == "message"
    assert png_size(spec_dir / "logo-32x32.png") == (32, 32)
    assert png_size(spec_dir / "logo-64x64.png") == (64, 64)

    # Jupyter's own kernelspec machinery finds and accepts it.
    from jupyter_client.kernelspec import KernelSpecManager

    ksm = KernelSpecManager(kernel_dirs=[str(spec_dir.parent)])
    found = ksm.get_kernel_spec("gokmig")
    assert found.argv == argv and found.interrupt_mode == "message"
    assert {"logo-32x32.png", "logo-64x64.png"} <= set(os.listdir(found.resource_dir))


def test_install_options(gokmig_binary, kernel_python, tmp_path):
    result = gokmig(
        gokmig_binary, "install", "--prefix", tmp_path, "--name", "km2",
        "--display-name", "Keras fixer", "--python", kernel_python, "--mode", "fix",
    )
    assert result.returncode == 0, result.stderr
    spec = json.loads((tmp_path / "share/jupyter/kernels/km2/kernel.json").read_text())
    assert spec["display_name"] == "Keras fixer"
    assert spec["argv"][spec["argv"].index("--mode") + 1] == "fix"


def test_install_user_scope(gokmig_binary, kernel_python, tmp_path):
    data = tmp_path / "user-data"
    result = gokmig(gokmig_binary, "install", "--user", "--python", kernel_python,
                    env=env_with(JUPYTER_DATA_DIR=data))
    assert result.returncode == 0, result.stderr
    assert (data / "kernels" / "gokmig" / "kernel.json").is_file()


def test_install_sys_prefix_with_upstream_kernel(gokmig_binary, jupyter_data, bare_python):
    """--sys-prefix installs under the python3 on PATH; --upstream-kernel
    needs no ipykernel in it."""
    env = env_with(PATH=f"{bare_python.parent}{os.pathsep}{os.environ['PATH']}")
    result = gokmig(gokmig_binary, "install", "--sys-prefix", "--upstream-kernel", KERNEL_PLAIN, env=env)
    assert result.returncode == 0, result.stderr
    prefix = bare_python.parent.parent
    spec = json.loads((prefix / "share/jupyter/kernels/gokmig/kernel.json").read_text())
    assert spec["argv"][1:] == ["kernel", "--upstream-kernel", KERNEL_PLAIN, "-f", "{connection_file}"]


def test_default_python_is_the_first_on_path_with_ipykernel(gokmig_binary, kernel_python, bare_python, tmp_path):
    # The bare python3 comes first on PATH but cannot import ipykernel.
    path = os.pathsep.join([str(bare_python.parent), os.path.dirname(kernel_python), os.environ["PATH"]])
    result = gokmig(gokmig_binary, "install", "--prefix", tmp_path, env=env_with(PATH=path))
    assert result.returncode == 0, result.stderr
    argv = json.loads((tmp_path / "share/jupyter/kernels/gokmig/kernel.json").read_text())["argv"]
    assert argv[argv.index("--python") + 1] == os.path.join(os.path.dirname(kernel_python), "python3")


def test_no_python_with_ipykernel_is_a_clear_error(gokmig_binary, bare_python, tmp_path):
    result = gokmig(gokmig_binary, "install", "--prefix", tmp_path,
                    env=env_with(PATH=str(bare_python.parent)))
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "ipykernel" in lines[0] and str(bare_python) in lines[0]
    assert not (tmp_path / "share").exists()

    result = gokmig(gokmig_binary, "install", "--prefix", tmp_path, "--python", bare_python)
    assert result.returncode == 1
    assert "cannot run the kernel" in result.stderr and "No module named 'ipykernel'" in result.stderr

    result = gokmig(gokmig_binary, "install", "--prefix", tmp_path, "--python", tmp_path / "nope")
    assert result.returncode == 1 and str(tmp_path / "nope") in result.stderr

    # A program that exits 0 for anything is not taken for Python.
    result = gokmig(gokmig_binary, "install", "--prefix", tmp_path, "--python", "true")
    assert result.returncode == 1 and "does not behave like a Python 3 interpreter" in result.stderr


@pytest.mark.parametrize("args", [
    ["--user", "--prefix", "x"],
    ["--mode", "loud"],
    ["--target", "gpu"],
    ["--python", "python3", "--upstream-kernel", "x"],
    ["--name", "bad name"],
    ["stray"],
])
def test_install_usage_errors(gokmig_binary, args):
    result = gokmig(gokmig_binary, "install", *args)
    assert result.returncode == 2
    assert result.stderr.startswith("gokmig-kernel install: ")


def test_install_refuses_to_overwrite_another_kernels_kernelspec(gokmig_binary, kernel_python, tmp_path):
    theirs = tmp_path / "share" / "jupyter" / "kernels" / "python3"
    theirs.mkdir(parents=True)
    original = '{"argv": ["python", "-m", "ipykernel_launcher", "-f", "{connection_file}"], "display_name": "Python 3 (ipykernel)", "language": "python"}'
    (theirs / "kernel.json").write_text(original)
    args = ["install", "--prefix", tmp_path, "--name", "python3", "--python", kernel_python]

    refused = gokmig(gokmig_binary, *args)
    assert refused.returncode == 2
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and str(theirs) in lines[0] and "--replace" in lines[0], refused.stderr
    assert (theirs / "kernel.json").read_text() == original

    replaced = gokmig(gokmig_binary, *args, "--replace")
    assert replaced.returncode == 0, replaced.stderr
    spec = json.loads((theirs / "kernel.json").read_text())
    assert "gokmig" in spec["metadata"] and spec["argv"][1] == "kernel"
    assert sorted(p.name for p in theirs.parent.iterdir()) == ["python3"]

    # Our own kernelspec is replaced without being asked.
    again = gokmig(gokmig_binary, *args, "--display-name", "Again")
    assert again.returncode == 0, again.stderr
    assert json.loads((theirs / "kernel.json").read_text())["display_name"] == "Again"


def test_upstream_kernel_must_exist(gokmig_binary, jupyter_data, tmp_path):
    result = gokmig(gokmig_binary, "install", "--prefix", tmp_path, "--upstream-kernel", "no-such-kernel")
    assert result.returncode == 1
    assert "no-such-kernel" in result.stderr and "not found" in result.stderr


def test_kernelspecs_lists_and_uninstall_removes(gokmig_binary, kernel_python, tmp_path):
    data = tmp_path / "share" / "jupyter"
    env = env_with(JUPYTER_PATH=data)
    assert gokmig(gokmig_binary, "install", "--prefix", tmp_path, "--python", kernel_python).returncode == 0
    other = data / "kernels" / "other-kernel"
    other.mkdir(parents=True)
    (other / "kernel.json").write_text('{"argv": ["x", "{connection_file}"], "display_name": "Other", "language": "r"}')

    listing = gokmig(gokmig_binary, "kernelspecs", env=env)
    assert listing.returncode == 0
    rows = {line[2:].split()[0]: line for line in listing.stdout.splitlines()[1:] if line.strip()}
    assert rows["gokmig"].startswith("*") and str(data / "kernels" / "gokmig") in rows["gokmig"]
    assert not rows["other-kernel"].startswith("*")

    refused = gokmig(gokmig_binary, "uninstall", "--name", "other-kernel", env=env)
    assert refused.returncode == 1 and "not installed by gokmig" in refused.stderr
    assert other.is_dir()

    removed = gokmig(gokmig_binary, "uninstall", env=env)
    assert removed.returncode == 0, removed.stderr
    assert not (data / "kernels" / "gokmig").exists()
    again = gokmig(gokmig_binary, "uninstall", env=env)
    assert again.returncode == 1 and "not found" in again.stderr


def test_kernel_verb_reports_a_bad_connection_file(gokmig_binary, tmp_path):
    missing_file = tmp_path / "absent.json"
    result = gokmig(gokmig_binary, "kernel", "-f", missing_file, timeout=30)
    assert result.returncode == 1
    assert str(missing_file) in result.stderr and len(result.stderr.strip().splitlines()) == 1

    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    result = gokmig(gokmig_binary, "kernel", "-f", broken, timeout=30)
    assert result.returncode == 1
    assert str(broken) in result.stderr and "invalid JSON" in result.stderr

    result = gokmig(gokmig_binary, "kernel", timeout=30)
    assert result.returncode == 2 and "-f CONNECTION_FILE is required" in result.stderr
