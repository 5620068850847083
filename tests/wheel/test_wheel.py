"""The wheel, as a Python user gets it: scripts/build-wheel builds it, pip
installs it into a fresh venv, and everything runs there with no Go or C
toolchain on PATH: the program, 'python -m gokmig', and the kernelspec
through Jupyter's own machinery.

Cost: the build takes seconds with a warm Go build cache (about four
minutes cold, compiling tree-sitter with zig), the venv with ipykernel from
pip's cache about 40 s, the kernel a few seconds.
"""

import base64
import hashlib
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import venv
import zipfile

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
KERAS2_SCRIPT = "import tensorflow as tf\n\nmodel = tf.keras.Sequential([tf.keras.layers.Dense(1)])\n"
TOOLCHAIN = ("go", "gofmt", "cc", "gcc", "clang", "zig")


def missing(reason):
    """Fail under CI=true, skip elsewhere (as internal/testenv does)."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


def run(args, **kw):
    return subprocess.run([str(a) for a in args], capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def wheel():
    if shutil.which("go") is None:
        missing("building the wheel needs the Go toolchain on PATH")
    if shutil.which("objdump") is None:
        missing("building the wheel needs objdump (binutils) to check its glibc symbols")
    result = run(["bash", REPO / "scripts" / "build-wheel"], cwd=REPO, timeout=1800)
    assert result.returncode == 0, result.stdout + result.stderr
    path = REPO / result.stdout.strip().splitlines()[-1]
    assert path.is_file(), result.stdout
    return path


@pytest.fixture(scope="module")
def env(wheel, tmp_path_factory):
    """A fresh venv with the wheel, ipykernel pinned as in requirements.txt,
    and an environment whose PATH holds that venv's bin/ and nothing else."""
    root = tmp_path_factory.mktemp("wheel-env")
    where = root / "venv"
    venv.EnvBuilder(with_pip=True).create(where)
    bindir = where / "bin"
    result = run(
        [bindir / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         wheel, "-c", REPO / "requirements.txt"],
        timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(f"pip install of the wheel failed:\n{result.stdout}{result.stderr}", pytrace=False)
    home = root / "home"
    home.mkdir()
    clean = {"PATH": str(bindir), "HOME": str(home), "LANG": "C.UTF-8", "TMPDIR": str(root)}
    for tool in TOOLCHAIN:
        assert shutil.which(tool, path=clean["PATH"]) is None, f"{tool} is on the test's PATH"
    return {"prefix": where, "bin": bindir, "env": clean, "home": home}


def version_of(wheel):
    m = re.fullmatch(r"gokmig-([^-]+)-py3-none-manylinux_2_17_x86_64\.whl", wheel.name)
    assert m, wheel.name
    return m.group(1)


def test_wheel_is_well_formed(wheel):
    """PEP 427: RECORD lists every other file with its sha256 and size; the
    program is an executable script of the wheel; the kernelspec is data."""
    version = version_of(wheel)
    info = f"gokmig-{version}.dist-info"
    data = f"gokmig-{version}.data"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        record = z.read(f"{info}/RECORD").decode().splitlines()
        listed = set()
        for line in record:
            path, digest, size = line.rsplit(",", 2)
            listed.add(path)
            if path == f"{info}/RECORD":
                assert digest == size == ""
                continue
            body = z.read(path)
            want = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(body).digest()).rstrip(b"=").decode()
            assert (digest, int(size)) == (want, len(body)), path
        assert listed == names
        wheel_meta = z.read(f"{info}/WHEEL").decode()
        assert "Root-Is-Purelib: false" in wheel_meta
        assert "Tag: py3-none-manylinux_2_17_x86_64" in wheel_meta
        metadata = z.read(f"{info}/METADATA").decode()
        assert f"Version: {version}\n" in metadata and "Requires-Dist: ipykernel" in metadata
        program = z.getinfo(f"{data}/scripts/gokmig-kernel")
        assert (program.external_attr >> 16) & 0o111
        assert z.read(program.filename)[:4] == b"\x7fELF"
        spec = json.loads(z.read(f"{data}/data/share/jupyter/kernels/gokmig/kernel.json"))
        assert spec["argv"] == ["python", "-m", "gokmig", "kernel", "-f", "{connection_file}"]
        assert spec["display_name"] == "Python 3 (Keras 3 migration)"
        assert {"gokmig/__init__.py", "gokmig/__main__.py"} <= names


def test_program_reports_the_wheels_version(wheel, env):
    result = run([env["bin"] / "gokmig-kernel", "--version"], env=env["env"], timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"gokmig-kernel {version_of(wheel)}\n"


def test_python_m_gokmig_check(env, tmp_path):
    script = tmp_path / "train.py"
    script.write_text(KERAS2_SCRIPT)
    result = run(["python", "-m", "gokmig", "check", script], env=env["env"], timeout=60)
    assert result.returncode == 1, result.stderr
    assert re.search(rf"^{re.escape(str(script))}:3:9: K301 \[tf-keras-import\] ", result.stdout, re.M), result.stdout
    assert result.stderr == ""


def test_jupyter_lists_the_kernelspec(env):
    result = run(["jupyter", "kernelspec", "list", "--json"], env=env["env"], timeout=120)
    assert result.returncode == 0, result.stderr
    specs = json.loads(result.stdout)["kernelspecs"]
    assert "gokmig" in specs, specs
    got = specs["gokmig"]
    assert pathlib.Path(got["resource_dir"]) == env["prefix"] / "share" / "jupyter" / "kernels" / "gokmig"
    assert got["spec"]["display_name"] == "Python 3 (Keras 3 migration)"


# Runs in the wheel's venv: starts kernelspec argv[1] through jupyter_client,
# as a frontend does, runs the cells argv[2:] and reports what came back
# for the last.
DRIVER = r"""
import json, queue, sys, time
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name=sys.argv[1], startup_timeout=90)
try:
    info = kc.kernel_info(reply=True, timeout=30)["content"]

    def run(code):
        msg_id = kc.execute(code)
        reply = kc.get_shell_msg(timeout=60)
        msgs, deadline = [], time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            msgs.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        return reply["content"], msgs

    _, where = run("import sys; print(sys.executable)")
    for code in sys.argv[2:]:
        _, cell = run(code)
    json.dump({
        "implementation": info["implementation"],
        "argv": km.kernel_spec.argv,
        "executable": "".join(m["content"].get("text", "") for m in where if m["msg_type"] == "stream"),
        "notices": [m["content"] for m in cell
                    if m["msg_type"] == "display_data" and "gokmig" in m["content"].get("metadata", {})],
        "types": [m["msg_type"] for m in cell],
        "stderr": "".join(m["content"]["text"] for m in cell
                          if m["msg_type"] == "stream" and m["content"]["name"] == "stderr"),
    }, sys.stdout)
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=False)
"""


def drive(env, tmp_path, kernel_name, *cells):
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    result = run(["python", driver, kernel_name, *cells], env=env["env"], cwd=tmp_path, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_installed_kernelspec_runs_through_jupyter_client(env, tmp_path):
    got = drive(env, tmp_path, "gokmig", KERAS2_SCRIPT)
    assert got["implementation"] == "gokmig"
    assert got["argv"][1:] == ["-m", "gokmig", "kernel", "-f", "{connection_file}"]
    # 'python -m gokmig kernel' runs ipykernel on the venv's own interpreter.
    assert pathlib.Path(got["executable"].strip()) == env["bin"] / "python", got
    assert len(got["notices"]) == 1, got["types"]
    text = got["notices"][0]["data"]["text/plain"]
    assert "K301" in text and "tf-keras-import" in text


def test_load_ext_gokmig_in_a_plain_ipykernel(env, tmp_path):
    """Issue 12's acceptance step: the venv's own python3 kernel (ipykernel,
    which the wheel depends on) with %load_ext gokmig shows the notice,
    through the program the wheel installed beside the interpreter."""
    got = drive(env, tmp_path, "python3", "%load_ext gokmig", KERAS2_SCRIPT)
    assert got["implementation"] == "ipython"
    assert pathlib.Path(got["executable"].strip()) == env["bin"] / "python", got
    assert len(got["notices"]) == 1, got["types"]
    text = got["notices"][0]["data"]["text/plain"]
    assert "K301" in text and "tf-keras-import" in text
    assert "[gokmig]" not in got["stderr"], got["stderr"]
