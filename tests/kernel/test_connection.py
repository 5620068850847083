"""Ways of being connected to: VS Code's ipykernel-style arguments instead
of a connection file, and the ipc transport."""

import json
import socket
import stat
import subprocess
import uuid

import pytest
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.manager import KernelManager

from kernel_helpers import KERNEL, STARTUP_TIMEOUT, run_cell, stop_kernel, wait_for


def free_ports(n):
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


# The key as a Python bytes literal, as VS Code writes it, and bare; a bare
# key may itself start with a "b".
@pytest.mark.parametrize("key_flag", ['b"{}"', "{}"], ids=["bytes-literal", "bare"])
def test_vscode_style_arguments(gokmig_binary, kernel_python, tmp_path, key_flag):
    """VS Code replaces "-f {connection_file}" of a python kernelspec with
    ipykernel-style flags and writes no file."""
    shell, iopub, stdin, control, hb = free_ports(5)
    key = "b" + uuid.uuid4().hex
    argv = [
        str(gokmig_binary), "kernel", "--python", kernel_python,
        "--ip=127.0.0.1", f"--stdin={stdin}", f"--control={control}", f"--hb={hb}",
        '--Session.signature_scheme="hmac-sha256"', "--Session.key=" + key_flag.format(key),
        f"--shell={shell}", '--transport="tcp"', f"--iopub={iopub}",
        f"--f={tmp_path / 'kernel-v2-123.json'}",
    ]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kc = BlockingKernelClient()
    kc.load_connection_info({
        "ip": "127.0.0.1", "transport": "tcp", "shell_port": shell, "iopub_port": iopub,
        "stdin_port": stdin, "control_port": control, "hb_port": hb,
        "key": key, "signature_scheme": "hmac-sha256",
    })
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        reply, msgs = run_cell(kc, "print(2 ** 10)")
        assert reply["content"]["status"] == "ok"
        assert any(m["msg_type"] == "stream" and m["content"]["text"] == "1024\n" for m in msgs)
        kc.shutdown()
        assert proc.wait(timeout=30) == 0
    finally:
        kc.stop_channels()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()


def test_ipc_transport(jupyter_data):
    km = KernelManager(kernel_name=KERNEL, transport="ipc")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        reply, _ = run_cell(kc, "x = 40 + 2")
        assert reply["content"]["status"] == "ok"
    finally:
        stop_kernel(km, kc)


def test_heartbeat_is_answered(shared_kernel):
    import zmq

    km, kc = shared_kernel
    info = km.get_connection_info()
    ctx = zmq.Context.instance()
    req = ctx.socket(zmq.REQ)
    req.setsockopt(zmq.LINGER, 0)
    req.connect(f"tcp://{info['ip']}:{info['hb_port']}")
    try:
        for ping in (b"ping", b"\x00binary\xff"):
            req.send(ping)
            assert req.poll(10_000), "no heartbeat echo within 10 s"
            assert req.recv() == ping
    finally:
        req.close()


def test_connection_file_named_but_absent_gets_a_random_key(gokmig_binary, kernel_python, tmp_path):
    """--f= naming a file that does not exist: as ipykernel, the kernel
    picks ports and a random key, writes them there (owner-only) and
    removes the file at exit."""
    path = tmp_path / "kernel-new.json"
    proc = subprocess.Popen([str(gokmig_binary), "kernel", "--python", kernel_python, f"--f={path}"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    kc = None
    try:
        assert wait_for(lambda: path.exists() and path.stat().st_size > 0), "no connection file written"
        info = json.loads(path.read_text())
        assert len(info["key"]) >= 32, f"key {info['key']!r}"
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        kc = BlockingKernelClient(connection_file=str(path))
        kc.load_connection_file()
        kc.start_channels()
        kc.wait_for_ready(timeout=STARTUP_TIMEOUT)
        reply, _ = run_cell(kc, "x = 1")
        assert reply["content"]["status"] == "ok"
        kc.shutdown()
        assert proc.wait(timeout=30) == 0
        assert not path.exists(), "the connection file it created stays after exit"
    finally:
        if kc is not None:
            kc.stop_channels()
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stderr.close()
