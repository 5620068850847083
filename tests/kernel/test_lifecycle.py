"""Start-up, interrupt, shutdown and the death of the Python kernel behind
gokmig."""

import os
import pathlib
import queue
import signal
import stat
import time

from kernel_helpers import (
    KERNEL, TIMEOUT, WARN_CELL_TF, children_of, iopub_until_idle, notices,
    process_alive, run_cell, shell_reply, start_kernel, stop_kernel, wait_for,
)

SLEEPER = "import time\nprint('sleeping', flush=True)\ntime.sleep(60)\n"


def kernel_pid(km):
    return km.provisioner.process.pid


def upstream_pid(km):
    kids = children_of(kernel_pid(km))
    assert len(kids) == 1, f"gokmig-kernel should have one child, has {kids}"
    return kids[0]


def start_sleeper(kc):
    """Runs SLEEPER and returns once the cell is inside time.sleep."""
    msg_id = kc.execute(SLEEPER)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and "sleeping" in msg["content"]["text"]):
            time.sleep(0.2)  # from print() into time.sleep()
            return msg_id
    raise AssertionError("the sleeping cell did not start")


def assert_interrupted(kc, msg_id):
    reply = shell_reply(kc, msg_id, timeout=20)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    iopub_until_idle(kc, msg_id, timeout=20)
    # The kernel is usable afterwards.
    reply, msgs = run_cell(kc, "6 * 7")
    results = [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"]
    assert results == ["42"]


def test_kernelspec_asks_for_message_interrupts(fresh_kernel):
    km, kc = fresh_kernel
    assert km.kernel_spec.interrupt_mode == "message"
    assert km.kernel_spec.language == "python"


def test_interrupt_on_control(fresh_kernel):
    km, kc = fresh_kernel
    msg_id = start_sleeper(kc)
    km.interrupt_kernel()  # jupyter_client: interrupt_request on control
    assert_interrupted(kc, msg_id)


def test_interrupt_request_on_control_is_answered(fresh_kernel):
    km, kc = fresh_kernel
    msg_id = start_sleeper(kc)
    request = kc.session.msg("interrupt_request", {})
    kc.control_channel.send(request)
    reply = kc.get_control_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "interrupt_reply"
    assert reply["parent_header"]["msg_id"] == request["header"]["msg_id"]
    assert reply["content"]["status"] == "ok"
    assert_interrupted(kc, msg_id)


def test_interrupt_on_shell_as_vscode_sends_it(fresh_kernel):
    km, kc = fresh_kernel
    msg_id = start_sleeper(kc)
    request = kc.session.msg("interrupt_request", {})
    kc.shell_channel.send(request)
    reply = shell_reply(kc, request["header"]["msg_id"], timeout=10)
    assert reply["msg_type"] == "interrupt_reply"
    assert reply["content"]["status"] == "ok"
    assert_interrupted(kc, msg_id)


def test_sigint_to_the_kernel_process_is_forwarded(fresh_kernel):
    km, kc = fresh_kernel
    msg_id = start_sleeper(kc)
    os.kill(kernel_pid(km), signal.SIGINT)
    assert_interrupted(kc, msg_id)
    assert process_alive(kernel_pid(km))


def test_shutdown_leaves_no_process(jupyter_data):
    km, kc = start_kernel()
    try:
        reply, _ = run_cell(kc, "import subprocess\nhelper = subprocess.Popen(['sleep', '300'])\nhelper.pid")
        assert reply["content"]["status"] == "ok"
        proxy, child = kernel_pid(km), upstream_pid(km)
        grandchild = children_of(child)
        assert grandchild, "the helper process should be running"
        kc.stop_channels()
        km.shutdown_kernel(now=False)
        for pid in [proxy, child, *grandchild]:
            assert wait_for(lambda: not process_alive(pid), timeout=10), f"process {pid} survived shutdown"
        assert km.provisioner is None or km.provisioner.process is None or km.provisioner.process.poll() == 0
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)


def test_shutdown_request_is_answered(fresh_kernel):
    km, kc = fresh_kernel
    proxy = kernel_pid(km)
    msg_id = kc.shutdown()
    reply = kc.get_control_msg(timeout=TIMEOUT)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["parent_header"]["msg_id"] == msg_id
    assert km.provisioner.process.wait(timeout=TIMEOUT) == 0
    assert not process_alive(proxy)


def test_killed_child_fails_pending_requests_and_exits_nonzero(fresh_kernel):
    km, kc = fresh_kernel
    msg_id = start_sleeper(kc)
    os.kill(upstream_pid(km), signal.SIGKILL)
    reply = shell_reply(kc, msg_id, timeout=TIMEOUT)
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KernelDied"
    assert "SIGKILL" in reply["content"]["evalue"] or "killed" in reply["content"]["evalue"]
    msgs = iopub_until_idle(kc, msg_id)
    assert [m["content"]["ename"] for m in msgs if m["msg_type"] == "error"] == ["KernelDied"]
    code = km.provisioner.process.wait(timeout=TIMEOUT)
    assert code != 0


def test_requests_sent_before_the_child_is_ready_are_served(jupyter_data):
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name=KERNEL)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    try:
        # No wait_for_ready: these reach gokmig while ipykernel is starting.
        ids = [kc.execute(f"print('early {i}')") for i in range(3)]
        for i, msg_id in enumerate(ids):
            reply = shell_reply(kc, msg_id, timeout=60)
            assert reply["content"]["status"] == "ok"
            msgs = iopub_until_idle(kc, msg_id)
            assert any(m["msg_type"] == "stream" and f"early {i}" in m["content"]["text"] for m in msgs)
    finally:
        stop_kernel(km, kc)


def test_upstream_kernelspec_by_name(jupyter_data):
    km, kc = start_kernel("gokmig-test-upstream")
    try:
        cmdline = pathlib.Path(f"/proc/{upstream_pid(km)}/cmdline").read_bytes().split(b"\0")
        assert b"ipykernel_launcher" in cmdline
        reply, msgs = run_cell(kc, WARN_CELL_TF)
        assert len(notices(msgs)) == 1
        info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
        assert info["implementation"] == "gokmig" and info["language_info"]["name"] == "python"
    finally:
        stop_kernel(km, kc)


def test_child_dies_with_the_kernel_process(fresh_kernel):
    """SIGKILL gives gokmig no chance to clean up: the Linux parent-death
    signal takes the child down."""
    km, kc = fresh_kernel
    proxy, child = kernel_pid(km), upstream_pid(km)
    environ = pathlib.Path(f"/proc/{child}/environ").read_bytes().split(b"\0")
    assert f"JPY_PARENT_PID={proxy}".encode() in environ
    assert os.getpgid(child) == child, "the child leads its own process group"
    os.kill(proxy, signal.SIGKILL)
    assert wait_for(lambda: not process_alive(child), timeout=10), "the child outlived the kernel"


def test_restart_relaunches_everything(fresh_kernel):
    km, kc = fresh_kernel
    run_cell(kc, "state = 'before restart'")
    old_proxy, old_child = kernel_pid(km), upstream_pid(km)
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    assert not process_alive(old_proxy) and not process_alive(old_child)
    assert kernel_pid(km) != old_proxy
    reply, msgs = run_cell(kc, "'state' in dir()")
    assert [m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"] == ["False"]
    reply, msgs = run_cell(kc, WARN_CELL_TF)
    assert len(notices(msgs)) == 1, "a restarted kernel still checks cells"


def test_upstream_connection_file_of_a_killed_kernel_is_removed(jupyter_data, tmp_path):
    """The upstream connection file holds the key. SIGKILL gives gokmig no
    chance to remove it; the next gokmig kernel that starts does."""
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    km, kc = start_kernel(env=env)
    try:
        proxy = kernel_pid(km)
        [stale] = tmp_path.glob("gokmig-upstream-*.json")
        assert f"-{proxy}-" in stale.name
        assert stat.S_IMODE(stale.stat().st_mode) == 0o600
        kc.stop_channels()
        os.kill(proxy, signal.SIGKILL)
        km.provisioner.process.wait(timeout=TIMEOUT)
        assert stale.exists()
    finally:
        km.shutdown_kernel(now=True)
    km, kc = start_kernel(env=env)
    try:
        [current] = tmp_path.glob("gokmig-upstream-*.json")
        assert current != stale and f"-{kernel_pid(km)}-" in current.name
    finally:
        stop_kernel(km, kc)
    assert list(tmp_path.glob("gokmig-upstream-*.json")) == []
