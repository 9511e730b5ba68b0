# -*- coding: utf-8 -*-
"""python.d's collector locks: ``<lock dir>/<full name>.collector.lock``, held with flock() while a job runs, so
that two plugins on one host (python.d.plugin, go.d.plugin, another Terrarium) never collect the same job twice.
flock() is what python.d and go.d use, so the locks exclude each other across all three. The kernel drops a
lock when the process holding it dies, so a killed worker never leaves its jobs locked.
"""

import errno
import fcntl
import os


class LockTaken(Exception):
    """Another process holds the job's lock."""


def lock_path(lock_dir, full_name):
    # go.d names python.d's dockerd collector "docker"; the lock must be the same file for both
    if full_name.startswith('dockerd'):
        full_name = 'docker' + full_name[len('dockerd'):]
    return os.path.join(lock_dir, full_name + '.collector.lock')


class CollectorLock(object):
    """A held lock; ``release()`` gives it up (the file stays, as python.d leaves it)."""

    def __init__(self, fd, path):
        self._fd = fd
        self.path = path

    def release(self):
        if self._fd is None:
            return
        try:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
        finally:
            os.close(self._fd)
            self._fd = None


def acquire(lock_dir, full_name):
    """Takes the job's lock without waiting. Raises LockTaken when another process has it, OSError when the
    lock file cannot be opened."""
    path = lock_path(lock_dir, full_name)
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, 'O_CLOEXEC', 0), 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        os.close(fd)
        if error.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise LockTaken(path)
        raise
    return CollectorLock(fd, path)
