"""Inside the sandbox, still as root: set the student's limits, become `nobody`, start the kernel.

    python -m sgdcourse.grading.classroom.launch_kernel --uid U --gid G \\
        --memory-bytes M --file-bytes F --connection-file PATH -- KERNEL ARGV...

Run only by the grading kernel spec (see sandbox.py).
"""

from __future__ import annotations

import argparse
import ctypes
import os
import resource
import sys

PR_SET_NO_NEW_PRIVS = 38


def confine(uid: int, gid: int, memory_bytes: int, file_bytes: int) -> None:
    """Limit memory and file size, drop every group and capability, and forbid regaining them."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_bytes, file_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    # Set-uid programs (su, mount, ...) must not hand root back to the student's code.
    if ctypes.CDLL(None, use_errno=True).prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS) failed")
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)  # leaving uid 0 clears every capability


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uid", type=int, required=True)
    parser.add_argument("--gid", type=int, required=True)
    parser.add_argument("--memory-bytes", type=int, required=True)
    parser.add_argument("--file-bytes", type=int, required=True)
    parser.add_argument("--connection-file", required=True)
    parser.add_argument("kernel", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    kernel = args.kernel[1:] if args.kernel[:1] == ["--"] else args.kernel
    if not kernel:
        parser.error("no kernel command after --")
    # jupyter_client wrote the connection file (the HMAC key) readable by root only; the
    # kernel's working folder was made by nbgrader as root. Both belong to the student now.
    os.chown(args.connection_file, args.uid, args.gid)
    os.chown(".", args.uid, args.gid)
    confine(args.uid, args.gid, args.memory_bytes, args.file_bytes)
    os.execv(kernel[0], kernel)


if __name__ == "__main__":
    main(sys.argv[1:])
