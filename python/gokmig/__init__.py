"""gokmig moves Jupyter notebooks and Python scripts from Keras 2 (tf.keras)
to Keras 3.

The work is done by the gokmig-kernel program, which the wheel installs
beside this interpreter's scripts; ``python -m gokmig ARGS`` runs it with
the same arguments, and the wheel's kernelspec starts the kernel that way.
"""

import os
import shutil
import sys
import sysconfig

PROGRAM = "gokmig-kernel" + (".exe" if os.name == "nt" else "")


def __getattr__(name):
    # The version lives in the wheel's metadata, written from the binary's
    # own; it is read only when asked for.
    if name == "__version__":
        from importlib.metadata import version

        return version("gokmig")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def load_ipython_extension(shell):
    """``%load_ext gokmig``: migration notices in any IPython kernel (see
    gokmig.ipython)."""
    from gokmig import ipython

    ipython.load_ipython_extension(shell)


def unload_ipython_extension(shell):
    from gokmig import ipython

    ipython.unload_ipython_extension(shell)


def find_program():
    """The gokmig-kernel program installed with this package: in the
    environment's scripts folder, the user scheme's for a --user install,
    beside the interpreter, or else on PATH."""
    folders = [sysconfig.get_path("scripts"), os.path.dirname(sys.executable)]
    try:
        folders.append(sysconfig.get_path("scripts", sysconfig.get_preferred_scheme("user")))
    except (AttributeError, KeyError):  # Python < 3.10 has no preferred schemes
        pass
    for folder in folders:
        candidate = os.path.join(folder, PROGRAM)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which(PROGRAM)


def _kernel_args(args):
    """The kernel verb runs ipykernel with this interpreter, the one the
    kernelspec was started with, unless the arguments say otherwise."""
    if not args or args[0] != "kernel":
        return args
    for arg in args:
        if arg.split("=", 1)[0] in ("--python", "--upstream-kernel"):
            return args
    return [args[0], "--python", sys.executable, *args[1:]]


def main(args=None):
    """Run gokmig-kernel with args (default: this process's arguments) and
    exit with its status. On POSIX the program replaces this process, so
    that Jupyter's signals reach the kernel itself."""
    args = _kernel_args(list(sys.argv[1:] if args is None else args))
    program = find_program()
    if program is None:
        sys.exit(f"gokmig: cannot find the {PROGRAM} program beside {sys.executable}; reinstall with 'pip install --force-reinstall gokmig'")
    if os.name == "posix":
        os.execv(program, [program, *args])
    import subprocess

    sys.exit(subprocess.call([program, *args]))
