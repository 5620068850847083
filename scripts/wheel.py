"""Writes the gokmig wheel by hand, following the binary distribution
format (PEP 427): no build backend is needed for a wheel that only packs
files that are already built. Used by scripts/build-wheel.

Also checks the binary against the platform tag it is given: a
manylinux_X_Y wheel may only use glibc symbol versions up to X.Y and the
libraries that the manylinux policy allows.
"""

import argparse
import base64
import hashlib
import os
import re
import subprocess
import sys
import time
import zipfile

# Libraries every manylinux system has (PEP 600 and the manylinux policies):
# glibc's own.
MANYLINUX_LIBRARIES = {
    "libc.so.6", "libm.so.6", "libdl.so.2", "libpthread.so.0", "librt.so.1",
    "libresolv.so.2", "libutil.so.1", "ld-linux-x86-64.so.2",
}


def check_manylinux(binary, tag):
    """Fails unless binary runs on every glibc the manylinux tag promises."""
    m = re.fullmatch(r"manylinux_(\d+)_(\d+)_x86_64", tag)
    if not m:
        sys.exit(f"wheel.py: unsupported platform tag {tag}")
    baseline = (int(m.group(1)), int(m.group(2)))
    symbols = subprocess.run(["objdump", "-T", binary], check=True, capture_output=True, text=True).stdout
    needed = set()
    # A symbol's line ends in its version, "(GLIBC_2.2.5)" or "GLIBC_2.2.5",
    # then its name.
    versions = re.findall(r"\s\(?([A-Za-z][\w+]*?)_(\d+(?:\.\d+)*|PRIVATE)\)?\s+\S+$", symbols, re.M)
    for name, number in set(versions):
        if number == "PRIVATE":
            sys.exit(f"wheel.py: {binary} uses {name}_PRIVATE symbols")
        if name != "GLIBC":
            sys.exit(f"wheel.py: {binary} needs {name}_{number}, which manylinux does not provide")
        needed.add(tuple(int(x) for x in number.split(".")))
    newest = max(needed, default=(0, 0))
    if newest > baseline:
        sys.exit(f"wheel.py: {binary} needs GLIBC_{'.'.join(map(str, newest))}, newer than {tag} allows")
    headers = subprocess.run(["objdump", "-p", binary], check=True, capture_output=True, text=True).stdout
    libraries = set(re.findall(r"^\s*NEEDED\s+(\S+)", headers, re.M))
    if libraries - MANYLINUX_LIBRARIES:
        sys.exit(f"wheel.py: {binary} links {sorted(libraries - MANYLINUX_LIBRARIES)}, which manylinux does not provide")
    return newest, sorted(libraries)


def record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def metadata(version, requires, readme):
    lines = [
        "Metadata-Version: 2.1",
        "Name: gokmig",
        f"Version: {version}",
        "Summary: Migrate Jupyter notebooks and Python scripts from Keras 2 (tf.keras) to Keras 3: "
        "a checker, a converter and a Jupyter kernel that shows migration notices",
        "Requires-Python: >=3.9",
        *(f"Requires-Dist: {r}" for r in requires),
        "Description-Content-Type: text/markdown",
        "",
        readme,
    ]
    return "\n".join(lines)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--version", required=True)
    p.add_argument("--platform", required=True, help="platform tag, e.g. manylinux_2_17_x86_64")
    p.add_argument("--binary", required=True, help="the gokmig-kernel program")
    p.add_argument("--package", required=True, help="folder of the gokmig Python package")
    p.add_argument("--data", required=True, help="folder whose tree installs under the environment's prefix")
    p.add_argument("--readme", required=True)
    p.add_argument("--requires", action="append", default=[])
    p.add_argument("--out", required=True, help="folder to write the wheel into")
    a = p.parse_args()

    newest, libraries = check_manylinux(a.binary, a.platform)
    print(f"{a.binary}: newest glibc symbol version {'.'.join(map(str, newest))}, links {', '.join(libraries)}")

    tag = f"py3-none-{a.platform}"
    name = f"gokmig-{a.version}"
    data_dir, info_dir = f"{name}.data", f"{name}.dist-info"
    # (archive path, bytes, executable)
    files = []
    for root, dirs, names in os.walk(a.package):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for n in sorted(names):
            if n.endswith(".py"):
                path = os.path.join(root, n)
                arc = "gokmig/" + os.path.relpath(path, a.package).replace(os.sep, "/")
                files.append((arc, open(path, "rb").read(), False))
    files.append((f"{data_dir}/scripts/gokmig-kernel", open(a.binary, "rb").read(), True))
    for root, dirs, names in os.walk(a.data):
        dirs.sort()
        for n in sorted(names):
            path = os.path.join(root, n)
            arc = f"{data_dir}/data/" + os.path.relpath(path, a.data).replace(os.sep, "/")
            files.append((arc, open(path, "rb").read(), False))
    readme = open(a.readme, encoding="utf-8").read()
    files.append((f"{info_dir}/METADATA", metadata(a.version, a.requires, readme).encode(), False))
    wheel = f"Wheel-Version: 1.0\nGenerator: gokmig scripts/wheel.py\nRoot-Is-Purelib: false\nTag: {tag}\n"
    files.append((f"{info_dir}/WHEEL", wheel.encode(), False))
    record = "".join(f"{arc},{record_hash(data)},{len(data)}\n" for arc, data, _ in files)
    files.append((f"{info_dir}/RECORD", (record + f"{info_dir}/RECORD,,\n").encode(), False))

    # Reproducible: fixed times (SOURCE_DATE_EPOCH if set) and a fixed order.
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "315532800"))
    stamp = time.gmtime(max(epoch, 315532800))[:6]
    os.makedirs(a.out, exist_ok=True)
    out = os.path.join(a.out, f"{name}-{tag}.whl")
    tmp = out + ".part"
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
        for arc, data, executable in files:
            info = zipfile.ZipInfo(arc, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o100755 if executable else 0o100644) << 16
            z.writestr(info, data)
    os.replace(tmp, out)
    print(out)


if __name__ == "__main__":
    main()
