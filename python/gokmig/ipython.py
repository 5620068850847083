"""``%load_ext gokmig``: the gokmig kernel's Keras 3 migration notices in
any IPython kernel, hosted Colab included.

The checks run in one ``gokmig-kernel serve`` process kept alive for the
session (JSON lines over its stdin and stdout), which holds the executed
cells for cross-cell checks as the gokmig kernel does. Before a cell runs
its notice is displayed (the kernel's own text/plain and text/html); in fix
mode the cell runs fixed, laid out on its own lines as the kernel runs it,
and the frontend is asked to put the fixed code in the cell. A cell that
raises a known Keras 3 error gets the kernel's explanation of it under the
traceback. ``%gokmig warn|fix|off``, ``%gokmig target tf|multi`` and
``%gokmig status`` work as in the kernel.

Nothing here may stop a cell from running: when the program is missing,
crashes or takes too long, the cell runs unchecked and one line says why;
a crashed program is started again for the next cell, and the cells that
ran before are replayed to it.
"""

import json
import os
import queue
import subprocess
import sys
import threading

from gokmig import PROGRAM, find_program

# Bounds the wait for one answer, as the kernel bounds its checks: past it
# the cell runs unchecked and the program is restarted.
CHECK_WAIT = 10.0


class CheckerError(Exception):
    """Why a cell runs unchecked, in words for the user. lasting is true
    when every later cell would say the same (no program to start), so it
    is said once."""

    def __init__(self, why, lasting=False):
        super().__init__(why)
        self.lasting = lasting


def program_path():
    """The program to run: $GOKMIG_KERNEL_BIN if set, else the one installed
    with this package (see gokmig.find_program)."""
    return os.environ.get("GOKMIG_KERNEL_BIN") or find_program()


class Checker:
    """One gokmig-kernel serve process, started on first use and again
    after it died. It keeps the recorded cells so that a new process
    learns them before its first check."""

    def __init__(self):
        self.history = []
        self._proc = None
        self._replies = None
        self._next_id = 0
        # Whether the running process answered a request yet.
        self._answered = False

    @property
    def pid(self):
        return self._proc.pid if self._proc is not None else None

    def _start(self):
        program = program_path()
        if not program or not os.path.isfile(program):
            raise CheckerError(f"cannot find the {PROGRAM} program ({program or 'set GOKMIG_KERNEL_BIN or reinstall gokmig'})", lasting=True)
        try:
            self._proc = subprocess.Popen(
                [program, "serve"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                encoding="utf-8",
                bufsize=1,
            )
        except OSError as e:
            raise CheckerError(f"cannot start {program}: {e}", lasting=True) from None
        replies = queue.Queue()
        self._replies = replies
        self._answered = False
        threading.Thread(target=_read_lines, args=(self._proc.stdout, replies), daemon=True).start()
        history, self.history = self.history, []
        try:
            for code in history:
                self.request("record", code=code)
        except CheckerError:
            self.history = history  # all of it, for the next start
            raise

    def stop(self):
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            proc.kill()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass

    def request(self, op, **fields):
        """Send one request and return its reply; raises CheckerError."""
        if self._proc is not None and self._proc.poll() is not None:
            raise self._died()  # this cell says so; the next one restarts it
        if self._proc is None:
            self._start()
        if op == "record":
            self.history.append(fields.get("code", ""))
        self._next_id += 1
        ident = self._next_id
        try:
            self._proc.stdin.write(json.dumps({"id": ident, "op": op, **fields}) + "\n")
            self._proc.stdin.flush()
        except (OSError, ValueError):
            raise self._died() from None
        while True:
            try:
                line = self._replies.get(timeout=CHECK_WAIT)
            except queue.Empty:
                self.stop()
                raise CheckerError(f"the checks took over {CHECK_WAIT:g} s; {PROGRAM} restarts on the next cell") from None
            if line is None:
                raise self._died()
            try:
                reply = json.loads(line)
            except ValueError:
                continue
            if reply.get("id") == ident:
                self._answered = True
                return reply
            # A late answer to a request that timed out: not ours.

    def _died(self):
        proc, self._proc = self._proc, None
        status = None
        if proc is not None:
            try:
                status = proc.wait(timeout=5)
            except subprocess.TimeoutExpired:  # closed its pipes but lingers
                proc.kill()
                status = proc.wait()
        if not self._answered:
            # It will do the same on every start: say it once.
            return CheckerError(f"{PROGRAM} exited with status {status} before answering "
                                "(a version without the 'serve' command?)", lasting=True)
        return CheckerError(f"{PROGRAM} stopped (exit status {status}); it restarts on the next cell")


def _read_lines(stream, replies):
    try:
        for line in stream:
            replies.put(line)
    except (OSError, ValueError):
        pass
    replies.put(None)


def _publish(reply, update=False):
    display = (reply or {}).get("display")
    if display:
        from IPython.display import publish_display_data

        kwargs = {"update": True} if update else {}
        publish_display_data(data=display.get("data", {}), metadata=display.get("metadata", {}),
                             transient=display.get("transient") or None, **kwargs)


class Extension:
    """The extension's state in one IPython shell: mode, target, and the
    result of the fix applied to the cell about to run."""

    def __init__(self, shell):
        self.shell = shell
        self.mode = "warn"
        self.target = "tf"
        self.checker = Checker()
        # The lasting failure already told, so as not to repeat it per cell.
        self._told = None
        # For the cell about to run: the code that runs, the reply to show,
        # in fix mode the cell as fixed, the imports to run first and the
        # notice that replaces the reply's if the cell raises.
        self._reset()

    def _ask(self, op, **fields):
        if op != "settings":
            fields = {"mode": self.mode, "target": self.target, **fields}
        try:
            reply = self.checker.request(op, **fields)
        except CheckerError as e:
            if not (e.lasting and str(e) == self._told):
                print(f"[gokmig] cells run unchecked: {e}.", file=sys.stderr)
            self._told = str(e) if e.lasting else None
            return None
        if reply.get("error"):
            print(f"[gokmig] {reply['error']}", file=sys.stderr)
        return reply

    def transform(self, lines):
        """In fix mode, the cell with safe fixes applied, laid out on the
        cell's own lines: IPython runs its cleanup transformers on the raw
        cell, before pre_run_cell. The cell is then asked to hold the fixed
        code as convert writes it; a frontend applies that only when the
        cell ran without error (JupyterLab, Notebook 7), so a traceback of
        a cell that raised must count the lines of the text it kept."""
        self._reset()
        if self.mode != "fix":
            return lines
        code = "".join(lines)
        try:
            code.encode("utf-8")
        except UnicodeEncodeError:
            return lines  # lone surrogates would not survive the round trip
        reply = self._ask("fix", code=code, **self._cell())
        self._reply = reply or {}
        self._ran = code
        fixed = self._reply.get("code")
        if not isinstance(fixed, str) or fixed == code:
            return lines
        # A program from before "run" sends only the fixed code: run it.
        run = self._reply.get("run")
        run = run if isinstance(run, str) else fixed
        prelude = self._reply.get("prelude")
        self._prelude = prelude if isinstance(prelude, str) and prelude.strip() else ""
        self._fixed, self._ran = fixed, run
        return run.splitlines(keepends=True)

    # Not for IPython's check_complete, which runs the cleanup transformers
    # on partial input as it is typed.
    transform.has_side_effects = True

    def _reset(self):
        self._ran, self._reply, self._fixed, self._prelude, self._kept = None, None, None, "", None

    def pre_run_cell(self, info):
        if self.mode == "fix" and self._reply is not None:
            display = self._reply.get("display") or {}
            _publish(self._reply)
            if (display.get("transient") or {}).get("display_id"):
                self._kept = self._reply.get("kept_display")
            self._run_prelude()
            self._replace_cell_text(info.raw_cell)
        elif self.mode == "warn":
            self._ran = info.raw_cell
            _publish(self._ask("check", code=info.raw_cell, **self._cell(info)))

    def _run_prelude(self):
        """Run the imports and definitions the fixes added that no line of
        the cell can hold before the cell (as the kernel does, on their
        own): the cell then keeps its lines. A failure is
        told in one line, and the cell runs anyway."""
        prelude = self._prelude
        if not prelude:
            return
        try:
            code = compile(prelude, "<gokmig: imports and definitions the fixes added>", "exec")
            exec(code, self.shell.user_global_ns, self.shell.user_ns)  # noqa: S102 - the user's own cell's imports
        except BaseException as e:  # noqa: BLE001 - the cell still runs, as the kernel runs it
            if isinstance(e, KeyboardInterrupt):
                raise
            what = "; ".join(line.strip() for line in prelude.splitlines() if line.strip())
            print(f"[gokmig] the imports and definitions the fixes added, run first on their own ({what}), failed: "
                  f"{type(e).__name__}: {e}", file=sys.stderr)

    def _cell(self, info=None):
        """Which cell is about to run, for the notice's metadata: the id
        JupyterLab sends with the request, and its execution count. IPython
        counts a cell that stores history up after the transformers and
        before pre_run_cell (info is pre_run_cell's)."""
        fields = {}
        count = getattr(self.shell, "execution_count", None)
        if isinstance(count, int):
            if info is not None and getattr(info, "store_history", False):
                count -= 1
            fields["execution_count"] = count
        cell_id = getattr(info, "cell_id", None)
        if cell_id is None:
            try:
                parent = self.shell.kernel.get_parent()
            except Exception:  # no ipykernel, or one without get_parent
                parent = None
            cell_id = ((parent or {}).get("metadata") or {}).get("cellId")
        if isinstance(cell_id, str):
            fields["cell_id"] = cell_id
        return fields

    def _replace_cell_text(self, raw):
        """Put the code that runs in the cell: the set_next_input payload
        with replace, which JupyterLab, Notebook 7 and VS Code apply to the
        cell, so the saved notebook holds it. Only in a kernel: a terminal
        would type it at the next prompt."""
        fixed = self._fixed
        if fixed is None or not hasattr(self.shell, "payload_manager"):
            return
        if not raw.endswith("\n") and fixed.endswith("\n"):
            fixed = fixed[:-1]  # IPython added the newline before transforming
        if fixed != raw:
            self.shell.set_next_input(fixed, replace=True)

    def post_run_cell(self, result):
        # Like the kernel, every cell that ran is context for the next,
        # whether it raised or not.
        code = self._ran if self._ran is not None else result.info.raw_cell
        code = self._prelude + code  # what the session ran
        kept = self._kept
        self._reset()
        if kept and not result.success:
            # The frontend keeps the cell's text: the notice says so, and
            # numbers what ran as the traceback does.
            _publish({"display": kept}, update=True)
        if code and not code.isspace():
            self._ask("record", code=code)
        error = getattr(result, "error_in_exec", None)
        if error is not None and self.mode != "off":
            # IPython has shown the traceback by now (ipykernel sent its
            # error message), so the explanation lands right under it.
            self._explain(error)

    def _explain(self, error):
        """The kernel's runtime explanation when error is a known Keras 3
        failure."""
        try:
            evalue = str(error)
        except Exception:  # noqa: BLE001 - a broken __str__ is not ours to report
            return
        _publish(self._ask("explain", ename=type(error).__name__, evalue=evalue, traceback=[]))

    def adopt_settings(self):
        """Start with the mode and target that [tool.gokmig] in the working
        directory's pyproject.toml sets, as the kernel does."""
        reply = self._ask("settings")
        if reply is not None:
            self.mode = reply.get("mode") or self.mode
            self.target = reply.get("target") or self.target

    def magic(self, line):
        """%gokmig warn|fix|off, %gokmig target tf|multi, %gokmig status."""
        reply = self._ask("set", args=line)
        if reply is None:
            return
        self.mode = reply.get("mode") or self.mode
        self.target = reply.get("target") or self.target
        _publish(reply)


_loaded = {}


def load_ipython_extension(shell):
    """Hook gokmig into shell (``%load_ext gokmig``); loading twice is a
    no-op."""
    if id(shell) in _loaded:
        return
    ext = Extension(shell)
    _loaded[id(shell)] = ext
    shell.input_transformers_cleanup.insert(0, ext.transform)
    shell.events.register("pre_run_cell", ext.pre_run_cell)
    shell.events.register("post_run_cell", ext.post_run_cell)
    shell.register_magic_function(ext.magic, magic_kind="line", magic_name="gokmig")
    ext.adopt_settings()


def unload_ipython_extension(shell):
    ext = _loaded.pop(id(shell), None)
    if ext is None:
        return
    if ext.transform in shell.input_transformers_cleanup:
        shell.input_transformers_cleanup.remove(ext.transform)
    shell.events.unregister("pre_run_cell", ext.pre_run_cell)
    shell.events.unregister("post_run_cell", ext.post_run_cell)
    ext.checker.stop()
