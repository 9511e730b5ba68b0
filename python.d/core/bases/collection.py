# -*- coding: utf-8 -*-
"""Helpers of the python.d framework that stock modules import (Terrarium's own implementation)."""

import os
import sys

# Where python.d looks for binaries besides PATH: daemons often run with a short PATH.
EXTRA_BINARY_DIRS = ('/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin')


def find_binary(binary):
    """The absolute path of an executable called ``binary`` in PATH or the usual bin folders, else None."""
    if not binary:
        return None
    if os.sep in binary:
        return binary if os.path.isfile(binary) and os.access(binary, os.X_OK) else None
    seen = set()
    for folder in os.getenv('PATH', '').split(os.pathsep) + list(EXTRA_BINARY_DIRS):
        if not folder or folder in seen:
            continue
        seen.add(folder)
        candidate = os.path.join(folder, binary)
        if os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def read_last_line(f):
    """The last line of the file at path ``f`` (without reading all of it), as text."""
    with open(f, 'rb') as source:
        end = source.seek(0, os.SEEK_END)
        if end == 0:
            return ''
        position = end
        tail = b''
        # read backwards until the block holds a line break before the final line
        while position > 0:
            step = min(4096, position)
            position -= step
            source.seek(position)
            tail = source.read(step) + tail
            if tail.rstrip(b'\n').rfind(b'\n') >= 0:
                break
        body = tail.rstrip(b'\n')
        cut = body.rfind(b'\n')
        return (body[cut + 1:] if cut >= 0 else body).decode('utf-8', 'replace') + (
            '\n' if tail.endswith(b'\n') else '')


def safe_print(*msg):
    """python.d writes protocol with this; in Terrarium the protocol is structured, so text goes to stderr."""
    try:
        sys.stderr.write(''.join(str(part) for part in msg))
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def unicode_str(arg):
    """Text of ``arg`` (python.d's Python 2 shim)."""
    if isinstance(arg, bytes):
        return arg.decode('utf-8', 'replace')
    return str(arg)
