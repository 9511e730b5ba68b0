# -*- coding: utf-8 -*-
"""Moves the process's standard streams aside so that only the worker can reach the protocol pipes.

After ``claim_protocol_fds()``: the protocol lives on two new close-on-exec descriptors; fd 1 is a copy
of fd 2, so ``print()``, a C library writing to stdout, and child processes all land in stderr (which the
runner logs); fd 0 reads /dev/null, so nothing can steal protocol input.
"""

import io
import os
import sys


def claim_protocol_fds():
    """Returns ``(input_fd, output_fd)`` of the protocol. Call once, before any module is imported."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (AttributeError, OSError, ValueError):
            pass

    output_fd = os.dup(1)
    input_fd = os.dup(0)
    # os.dup already makes them non-inheritable (PEP 446); said again because it is the point.
    os.set_inheritable(output_fd, False)
    os.set_inheritable(input_fd, False)

    os.dup2(2, 1)
    null_fd = os.open(os.devnull, os.O_RDONLY)
    try:
        os.dup2(null_fd, 0)
    finally:
        os.close(null_fd)

    # A fresh text stream on the new fd 1, written through like `python -u`'s stdout.
    sys.stdout = io.TextIOWrapper(io.FileIO(1, 'w', closefd=False), encoding='utf-8',
                                  errors='backslashreplace', line_buffering=True, write_through=True)
    return input_fd, output_fd
