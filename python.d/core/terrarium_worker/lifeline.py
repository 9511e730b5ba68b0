# -*- coding: utf-8 -*-
"""Ties the worker's life to its parent's: on Linux the kernel SIGKILLs the worker when the parent dies.

Note for the parent: PR_SET_PDEATHSIG fires when the *thread* that started the worker exits, so the runner
should start workers from a thread that lives as long as it wants the worker to.
"""

import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent():
    """Asks for SIGKILL on parent death; returns True when the kernel accepted. Never raises."""
    if not sys.platform.startswith('linux'):
        return False
    try:
        import ctypes
        parent = os.getppid()
        libc = ctypes.CDLL(None, use_errno=True)  # the process image already links libc
        if libc.prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0) != 0:
            return False
    except (ImportError, OSError, AttributeError):
        return False
    if os.getppid() != parent:  # the parent went away while we were asking
        os._exit(0)
    return True


def own_process_group():
    """Leaves the container's process group. A signal meant for the container (Ctrl-C in its shell, `timeout`
    or `kill -- -PGID` on it) must not kill the workers behind the container's back: the container stops
    them itself, in order, and they still die with it through end of input and PR_SET_PDEATHSIG."""
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
