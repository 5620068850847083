"""The runner's own mechanics, on tiny programs written here: results,
failing lines, and programs that take their worker down."""

import importlib.util
import textwrap

import pytest

import runner
from test_runtime_corpus import missing

PROGRAMS = {
    "a_ok.py": 'print("noise")\nprint("SUMMARY value=1")\n',
    "b_raises.py": 'x = 1\n\n\ndef f():\n    raise ValueError("boom\\nsecond line")\n\n\nf()\n',
    "c_sysexit.py": 'import sys\nprint("SUMMARY value=1")\nsys.exit(4)\n',
    "d_no_summary.py": 'print("done")\n',
    "e_sysexit_zero.py": 'import sys\nprint("SUMMARY fine")\nsys.exit(0)\n',
    "f_chdir_env.py": textwrap.dedent('''\
        import os
        os.environ["RUNTIME_TEST_LEAK"] = "1"
        open("here.txt", "w").write("x")
        print("SUMMARY", os.listdir("."))
        '''),
    "g_sees_clean_state.py": textwrap.dedent('''\
        import os
        print("SUMMARY", "leak=%s" % ("RUNTIME_TEST_LEAK" in os.environ), os.listdir("."))
        '''),
    "y_os_exit.py": 'import os\nprint("SUMMARY partial")\nos._exit(3)\n',
    "z_segfault.py": 'import ctypes\nctypes.string_at(0)\n',
}


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    for module in ("tensorflow", "tf_keras"):
        if importlib.util.find_spec(module) is None:
            missing("%s is not importable (scripts/setup)" % module)
    programs = tmp_path_factory.mktemp("programs")
    for name, text in PROGRAMS.items():
        (programs / name).write_text(text)
    return runner.run_corpus(keys="a", programs_dir=str(programs),
                             scratch=str(tmp_path_factory.mktemp("scratch")))


def result(report, name):
    return report["results"][name]["a"]


def test_passing_program_keeps_its_last_summary(report):
    rec = result(report, "a_ok.py")
    assert rec["passed"] and rec["summary"] == "SUMMARY value=1"


def test_exception_gives_type_first_line_and_program_line(report):
    rec = result(report, "b_raises.py")
    assert not rec["passed"]
    assert rec["error"] == "ValueError: boom"
    assert rec["line"] == 5
    # The whole exception, as a kernel's error message carries it.
    assert (rec["ename"], rec["evalue"]) == ("ValueError", "boom\nsecond line")


def test_nonzero_sys_exit_fails_zero_passes(report):
    assert result(report, "c_sysexit.py")["error"] == "SystemExit: 4"
    assert result(report, "c_sysexit.py")["line"] == 3
    assert result(report, "e_sysexit_zero.py")["passed"]


def test_missing_summary_fails(report):
    rec = result(report, "d_no_summary.py")
    assert not rec["passed"] and rec["error"] == "no SUMMARY line"


def test_each_program_gets_a_fresh_cwd_and_environment(report):
    assert result(report, "f_chdir_env.py")["summary"] == "SUMMARY ['here.txt']"
    assert result(report, "g_sees_clean_state.py")["summary"] == "SUMMARY leak=False []"


def test_program_that_kills_its_worker_is_rerun_alone(report):
    rec = result(report, "y_os_exit.py")
    assert rec.get("alone") is True
    assert rec["error"].startswith("exit status 3")
    assert rec["summary"] == "SUMMARY partial"


def test_segfault_is_reported_as_signal(report):
    rec = result(report, "z_segfault.py")
    assert rec.get("alone") is True
    assert "killed by signal 11" in rec["error"]


def test_totals_count_passes(report):
    passed = sorted(n for n in PROGRAMS if result(report, n)["passed"])
    assert passed == ["a_ok.py", "e_sysexit_zero.py", "f_chdir_env.py", "g_sees_clean_state.py"]
    assert report["totals"]["a"] == 4


# A rename Keras 3 requires changes what the program prints; the fix says so.
RENAMED = textwrap.dedent('''\
    from tensorflow import keras
    cb = keras.callbacks.ModelCheckpoint("w.{epoch:02d}.h5", save_weights_only=True)
    print("SUMMARY", cb.filepath)
    ''')
PLAIN = 'print("SUMMARY plain")\n'


def test_wrong_summary_is_explained_by_a_declared_visible_change(tmp_path):
    programs, scratch = tmp_path / "programs", tmp_path / "scratch"
    programs.mkdir()
    scratch.mkdir()
    (programs / "renamed.py").write_text(RENAMED)
    (programs / "plain.py").write_text(PLAIN)
    binary = runner.build_binary(str(scratch))
    names = ["plain.py", "renamed.py"]
    errors, visible = runner.convert_programs(binary, runner.VARIANTS["c"], str(programs), names,
                                              str(scratch / "c" / "programs"))
    assert errors == {}
    assert visible["plain.py"] == []
    assert len(visible["renamed.py"]) == 1 and ".weights.h5" in visible["renamed.py"][0]

    # Both "fail" with a wrong summary and no line; only the rename said why.
    results = {n: {"c": {"passed": False, "line": None, "error": "summary differs: x"}} for n in names}
    results["renamed.py"]["c"]["visible"] = visible["renamed.py"]
    unexplained = runner.unexplained_failures(binary, results, str(scratch), names, ["c"])
    assert [u["key"] for u in unexplained] == ["c:plain.py:?"]
