"""Inline migration notices: where they appear, what they carry, and that
the cell itself is left alone."""

import re

from kernel_helpers import (
    CLEAN_CELL, KERNEL_FIX, KERNEL_PLAIN, WARN_CELL, WARN_CELL_TF,
    notices, run_cell, start_kernel, stop_kernel,
)


def types(msgs):
    return [m["msg_type"] for m in msgs]


def test_kernel_info_names_gokmig_and_keeps_language_info(shared_kernel):
    km, kc = shared_kernel
    reply = kc.kernel_info(reply=True, timeout=30)
    content = reply["content"]
    assert content["implementation"] == "gokmig"
    assert "gokmig" in content["banner"]
    assert content["language_info"]["name"] == "python"
    assert content["language_info"]["file_extension"] == ".py"
    assert content["status"] == "ok"


def test_warning_lands_between_execute_input_and_idle(shared_kernel):
    km, kc = shared_kernel
    reply, msgs = run_cell(kc, WARN_CELL)
    kinds = types(msgs)
    found = notices(msgs)
    assert len(found) == 1, kinds
    notice = found[0]
    at = msgs.index(notice)
    assert kinds[0] == "status" and msgs[0]["content"]["execution_state"] == "busy"
    assert kinds.index("execute_input") < at < len(msgs) - 1
    assert kinds[-1] == "status" and msgs[-1]["content"]["execution_state"] == "idle"
    # The child's own busy and idle only: the kernel adds no status of its own.
    assert kinds.count("status") == 2
    # Parented to the request, with a header of its own.
    assert notice["parent_header"]["msg_id"] == reply["parent_header"]["msg_id"]
    assert notice["header"]["msg_id"] not in {m["header"]["msg_id"] for m in msgs if m is not notice}
    data = notice["content"]["data"]
    assert set(data) == {"text/html", "text/plain"}
    assert "K301" in data["text/plain"] and "tf-keras-import" in data["text/plain"]
    html = data["text/html"]
    assert "K301" in html and "href" not in html, "the notice's docs read offline, no links"
    assert "<details open" in html and "gokmig-kernel rules tf-keras-import" in html
    assert not re.search(r"<\s*(script|style)", html, re.I)
    meta = notice["content"]["metadata"]["gokmig"]
    assert meta["mode"] == "warn" and meta["target"] == "tf"
    rules = {f["rule"] for f in meta["findings"]}
    assert "tf-keras-import" in rules
    assert all(f["line"] >= 1 and "url" not in f for f in meta["findings"])


def test_clean_cell_gets_nothing(shared_kernel):
    km, kc = shared_kernel
    reply, msgs = run_cell(kc, CLEAN_CELL)
    assert reply["content"]["status"] == "ok"
    assert notices(msgs) == []
    assert types(msgs) == ["status", "execute_input", "status"]


def test_silent_execution_gets_nothing(shared_kernel):
    km, kc = shared_kernel
    reply, msgs = run_cell(kc, WARN_CELL_TF, silent=True)
    assert notices(msgs) == []
    assert "execute_input" not in types(msgs)


def test_earlier_cells_give_context(fresh_kernel):
    km, kc = fresh_kernel
    use = "layer = tf.keras.layers.Dense(3)\n"
    reply, msgs = run_cell(kc, use)
    assert notices(msgs) == [], "tf is unknown before the import cell ran"
    run_cell(kc, "if False:\n    import tensorflow as tf\n")
    reply, msgs = run_cell(kc, use)
    found = notices(msgs)
    assert len(found) == 1
    assert found[0]["content"]["metadata"]["gokmig"]["findings"][0]["line"] == 1


def test_cell_output_and_reply_are_untouched(jupyter_data):
    """The same cells on a plain ipykernel and through gokmig give the same
    replies and outputs, apart from the notice."""
    from jupyter_client.manager import start_new_kernel

    plain_km, plain_kc = start_new_kernel(kernel_name=KERNEL_PLAIN, startup_timeout=60)
    km, kc = start_kernel()
    try:
        for code in ["print('a'); 7 * 6", WARN_CELL_TF, "1 / 0", "from IPython.display import display, HTML; display(HTML('<i>x</i>'))", "zip?"]:
            want_reply, want = run_cell(plain_kc, code)
            got_reply, got = run_cell(kc, code)
            got = [m for m in got if m not in notices(got)]
            assert types(got) == types(want), code
            for g, w in zip(got, want):
                if g["msg_type"] == "error":
                    assert (g["content"]["ename"], g["content"]["evalue"]) == (w["content"]["ename"], w["content"]["evalue"])
                else:
                    assert g["content"] == w["content"], code
            for key in ("status", "execution_count", "payload", "user_expressions"):
                assert got_reply["content"].get(key) == want_reply["content"].get(key), (code, key)
    finally:
        stop_kernel(plain_km, plain_kc)
        stop_kernel(km, kc)


def test_magic_switches_mode_and_still_counts(fresh_kernel):
    km, kc = fresh_kernel
    reply, msgs = run_cell(kc, CLEAN_CELL)
    count = reply["content"]["execution_count"]

    reply, msgs = run_cell(kc, "%gokmig off")
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == count + 1
    said = notices(msgs)
    assert len(said) == 1 and "mode is now off" in said[0]["content"]["data"]["text/plain"]

    reply, msgs = run_cell(kc, WARN_CELL_TF)
    assert notices(msgs) == [], "off mode shows nothing"

    # The magic is handled and the rest of the cell runs.
    reply, msgs = run_cell(kc, "%gokmig warn\nprint('still runs')\n" + WARN_CELL_TF)
    text = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
    assert "still runs" in text
    found = notices(msgs)
    assert len(found) == 1
    plain = found[0]["content"]["data"]["text/plain"]
    assert "mode is now warn" in plain and "K301" in plain

    reply, msgs = run_cell(kc, "%gokmig sideways")
    assert "not understood" in notices(msgs)[0]["content"]["data"]["text/plain"]


def test_magic_switches_target(fresh_kernel):
    km, kc = fresh_kernel
    reply, msgs = run_cell(kc, "%gokmig target multi")
    assert "target is now multi" in notices(msgs)[0]["content"]["data"]["text/plain"]
    reply, msgs = run_cell(kc, WARN_CELL_TF)
    assert notices(msgs)[0]["content"]["metadata"]["gokmig"]["target"] == "multi"


def test_fix_mode_runs_the_rewritten_code(jupyter_data):
    km, kc = start_kernel(KERNEL_FIX)
    try:
        code = "import tensorflow as tf\nlayer = tf.keras.layers.Dense(3)\nprint(type(layer).__module__)\n"
        reply, msgs = run_cell(kc, code, timeout=120)
        assert reply["content"]["status"] == "ok", reply["content"]
        ran = next(m for m in msgs if m["msg_type"] == "execute_input")["content"]["code"]
        assert "tf.keras" not in ran and "keras.layers.Dense(3)" in ran
        out = "".join(m["content"]["text"] for m in msgs if m["msg_type"] == "stream")
        assert out.startswith("keras."), out
        found = notices(msgs)
        assert len(found) == 1
        findings = found[0]["content"]["metadata"]["gokmig"]["findings"]
        assert findings and any(f["fixed"] for f in findings)
        assert found[0]["content"]["metadata"]["gokmig"]["mode"] == "fix"
    finally:
        stop_kernel(km, kc)
