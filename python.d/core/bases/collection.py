# -*- coding: utf-8 -*-
"""Helpers of the python.d framework that stock modules import (Terrarium's own implementation)."""

import os
import sys

# python.d.plugin searches PATH only (this list when PATH is unset), but the Netdata daemon appends
# /sbin:/usr/sbin:/usr/local/bin:/usr/local/sbin to the PATH it gives plugins (observed with netdata 1.37.1).
# A worker started by the container has no such daemon in between, so the lookup adds those folders itself.
DEFAULT_PATH = ('/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin')
DAEMON_EXTRA_PATH = ('/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin')


def binary_search_path():
    """The folders ``find_binary`` looks in, in order: PATH (or python.d's default), then the daemon's extras."""
    env_path = os.getenv('PATH')
    folders = env_path.split(os.pathsep) if env_path is not None else list(DEFAULT_PATH)
    ordered = []
    for folder in folders + list(DAEMON_EXTRA_PATH):
        if folder and folder not in ordered:
            ordered.append(folder)
    return ordered


def _is_executable_file(path):
    return os.path.isfile(path) and os.access(path, os.X_OK)


def find_binary(binary):
    """The absolute path of an executable called ``binary`` (looked up in ``binary_search_path()``), else None.

    A name with a slash in it is taken as a path and only checked.
    """
    if not binary:
        return None
    if os.sep in binary:
        return binary if _is_executable_file(binary) else None
    for folder in binary_search_path():
        candidate = os.path.abspath(os.path.join(folder, binary))
        if _is_executable_file(candidate):
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


def setdefault_values(config, base_dict):
    """Fills the keys of ``base_dict`` missing from ``config``; returns ``config``."""
    for key, value in base_dict.items():
        config.setdefault(key, value)
    return config


def static_vars(**attributes):
    """Decorator: sets ``attributes`` on the decorated function (state that survives between calls)."""
    def decorate(function):
        for key, value in attributes.items():
            setattr(function, key, value)
        return function
    return decorate
