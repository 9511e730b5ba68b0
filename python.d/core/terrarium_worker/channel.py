# -*- coding: utf-8 -*-
"""JSON-lines framing of the worker protocol: one UTF-8 JSON object per line.

Writing is thread-safe and atomic per message: any thread may call ``Channel.send``.
"""

import io
import json
import threading


def encode(message):
    """One message as a protocol line (bytes ending in a newline).

    Integers of any size stay JSON integers. Text is raw UTF-8; a lone surrogate (undecodable bytes a
    module smuggled into a string) is written as its ``\\uXXXX`` escape, so the line is always valid UTF-8.
    """
    text = json.dumps(message, ensure_ascii=False, separators=(',', ':'), allow_nan=False)
    return text.encode('utf-8', 'backslashreplace') + b'\n'


class Channel(object):
    """The protocol output. ``on_broken`` is called (from the writing thread) when the runner is gone."""

    def __init__(self, output_fd, on_broken):
        self._out = io.open(output_fd, 'wb', buffering=64 * 1024)
        self._on_broken = on_broken
        self._lock = threading.Lock()  # guards _out: one message at a time, never interleaved

    def send(self, message):
        """Writes one message; raises ValueError/TypeError (before writing anything) if it is not JSON."""
        line = encode(message)
        with self._lock:
            try:
                self._out.write(line)
                self._out.flush()
            except (OSError, ValueError):
                self._on_broken()


def read_lines(input_fd):
    """Yields the raw request lines (bytes, newline stripped, blank lines skipped) until end of input."""
    stream = io.open(input_fd, 'rb', buffering=64 * 1024)
    for line in stream:
        line = line.strip()
        if line:
            yield line


def decode(line):
    """A request line as a Python object; raises ValueError when it is not UTF-8 JSON."""
    return json.loads(line.decode('utf-8'))
