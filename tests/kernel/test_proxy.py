"""Messages that only pass through: stdin, comms with binary buffers,
several clients at once, and a large output burst."""

import queue
import time

from kernel_helpers import TIMEOUT, iopub_until_idle, run_cell, shell_reply


def test_input_round_trip(shared_kernel):
    km, kc = shared_kernel
    msg_id = kc.execute("answer = input('name? ')\nprint('got', answer)", allow_stdin=True)
    request = kc.get_stdin_msg(timeout=TIMEOUT)
    assert request["msg_type"] == "input_request"
    assert request["content"]["prompt"] == "name? "
    assert request["parent_header"]["msg_id"] == msg_id
    kc.input("gokmig")
    msgs = iopub_until_idle(kc, msg_id)
    reply = shell_reply(kc, msg_id)
    assert reply["content"]["status"] == "ok"
    out = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
    assert "got gokmig" in out


ECHO_TARGET = """
import comm

def _gokmig_echo(c, open_msg):
    @c.on_msg
    def _(msg):
        bufs = [bytes(b) for b in msg["buffers"]]
        c.send({"echo": msg["content"]["data"], "sizes": [len(b) for b in bufs]},
               buffers=[b[::-1] for b in bufs])

comm.get_comm_manager().register_target("gokmig_echo", _gokmig_echo)
"""


def test_comm_round_trip_with_binary_buffers(shared_kernel):
    km, kc = shared_kernel
    reply, _ = run_cell(kc, ECHO_TARGET)
    assert reply["content"]["status"] == "ok"

    comm_id = "c0ffee"
    kc.session.send(kc.shell_channel.socket, "comm_open",
                    {"comm_id": comm_id, "target_name": "gokmig_echo", "data": {}})
    # Every byte value, and a buffer larger than a socket read.
    small = bytes(range(256))
    large = bytes(i % 251 for i in range(3_000_000))
    kc.session.send(kc.shell_channel.socket, "comm_msg",
                    {"comm_id": comm_id, "data": {"hello": "buffers"}}, buffers=[small, large])

    deadline = time.monotonic() + TIMEOUT
    while True:
        assert time.monotonic() < deadline, "no comm_msg came back"
        try:
            msg = kc.get_iopub_msg(timeout=1)
        except queue.Empty:
            continue
        if msg["msg_type"] == "comm_msg" and msg["content"]["comm_id"] == comm_id:
            break
    assert msg["content"]["data"] == {"echo": {"hello": "buffers"}, "sizes": [256, len(large)]}
    assert [bytes(b) for b in msg["buffers"]] == [small[::-1], large[::-1]]


def test_two_clients_get_their_own_replies(shared_kernel):
    from jupyter_client.blocking import BlockingKernelClient

    km, kc = shared_kernel
    # A second frontend joins from the connection file with a session of
    # its own, as "jupyter console --existing" does.
    other = BlockingKernelClient(connection_file=km.connection_file)
    other.load_connection_file()
    assert other.session.session != kc.session.session
    other.start_channels()
    try:
        other.wait_for_ready(timeout=TIMEOUT)
        ids_a = [kc.execute(f"a{i} = {i}") for i in range(5)]
        ids_b = [other.execute(f"b{i} = {i}") for i in range(5)]
        got_a = [shell_reply(kc, i)["parent_header"]["msg_id"] for i in ids_a]
        got_b = [shell_reply(other, i)["parent_header"]["msg_id"] for i in ids_b]
        assert got_a == ids_a and got_b == ids_b
        # Nothing of the other client's arrived on either shell channel.
        for client, foreign in ((kc, ids_b), (other, ids_a)):
            while True:
                try:
                    msg = client.get_shell_msg(timeout=0.5)
                except queue.Empty:
                    break
                assert msg["parent_header"].get("msg_id") not in foreign
        # input_request goes only to the client that ran input().
        msg_id = other.execute("v = input('> ')", allow_stdin=True)
        assert other.get_stdin_msg(timeout=TIMEOUT)["parent_header"]["msg_id"] == msg_id
        try:
            stray = kc.get_stdin_msg(timeout=0.5)
        except queue.Empty:
            stray = None
        assert stray is None
        other.input("x")
        assert shell_reply(other, msg_id)["content"]["status"] == "ok"
    finally:
        other.stop_channels()


def test_print_burst_arrives_complete(shared_kernel):
    km, kc = shared_kernel
    n = 20_000
    reply, msgs = run_cell(kc, f"for i in range({n}):\n    print(i, flush=True)", timeout=300)
    assert reply["content"]["status"] == "ok"
    text = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
    assert text.split() == [str(i) for i in range(n)]


def control_request(kc, msg_type, content):
    msg = kc.session.msg(msg_type, content)
    kc.control_channel.send(msg)
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            reply = kc.get_control_msg(timeout=1)
        except queue.Empty:
            continue
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply
    raise AssertionError(f"no reply to {msg_type}")


def test_comm_info_and_debug_requests_pass_through(shared_kernel):
    km, kc = shared_kernel
    msg_id = kc.comm_info()
    reply = shell_reply(kc, msg_id)
    assert reply["msg_type"] == "comm_info_reply" and reply["content"]["status"] == "ok"

    reply = control_request(kc, "debug_request", {
        "type": "request", "seq": 1, "command": "initialize",
        "arguments": {"clientID": "gokmig-test", "adapterID": "python", "pathFormat": "path",
                      "linesStartAt1": True, "columnsStartAt1": True},
    })
    assert reply["msg_type"] == "debug_reply"
    assert reply["content"]["command"] == "initialize" and reply["content"]["success"] is True
    control_request(kc, "debug_request", {"type": "request", "seq": 2, "command": "disconnect",
                                          "arguments": {"restart": False, "terminateDebuggee": False}})


def test_subshell_requests_pass_through(shared_kernel):
    km, kc = shared_kernel
    info = kc.kernel_info(reply=True, timeout=TIMEOUT)["content"]
    if "kernel subshells" not in info.get("supported_features", []):
        raise AssertionError("ipykernel 7 should announce subshells; the reply was altered?")
    created = control_request(kc, "create_subshell_request", {})
    assert created["content"]["status"] == "ok"
    subshell = created["content"]["subshell_id"]
    # An execute_request on the subshell carries subshell_id in its header.
    msg = kc.session.msg("execute_request", {"code": "import threading; threading.current_thread().name",
                                             "silent": False, "store_history": False,
                                             "user_expressions": {}, "allow_stdin": False})
    msg["header"]["subshell_id"] = subshell
    kc.shell_channel.send(msg)
    reply = shell_reply(kc, msg["header"]["msg_id"])
    assert reply["content"]["status"] == "ok"
    assert reply["parent_header"]["subshell_id"] == subshell
    listed = control_request(kc, "list_subshell_request", {})
    assert subshell in listed["content"]["subshell_id"]
    deleted = control_request(kc, "delete_subshell_request", {"subshell_id": subshell})
    assert deleted["content"]["status"] == "ok"


def test_print_burst_reaches_a_client_that_reads_late(shared_kernel):
    """A client that reads IOPub only after the reply: ipykernel alone drops
    messages past its PUB queue limit; through gokmig the queue is sized for
    bursts, so everything arrives."""
    km, kc = shared_kernel
    n = 20_000
    msg_id = kc.execute(f"for i in range({n}):\n    print(i, flush=True)")
    assert shell_reply(kc, msg_id, timeout=300)["content"]["status"] == "ok"
    msgs = iopub_until_idle(kc, msg_id, timeout=300)
    text = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
    assert text.split() == [str(i) for i in range(n)]
