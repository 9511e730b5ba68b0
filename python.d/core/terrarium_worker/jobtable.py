# -*- coding: utf-8 -*-
"""What every job host keeps: its loaded jobs by key, shared between the request threads; and the checks of the
request fields both hosts read."""

import threading

from terrarium_worker.failures import ProtocolError


def require(request, field):
    """The request's non-empty ``field``, or a ProtocolError naming it."""
    value = request.get(field)
    if value is None or value == '':
        raise ProtocolError("request has no '{0}'".format(field))
    return value


def revision(request):
    """The request's ``revision`` as text, '' when it names none (the module is then imported once per path)."""
    value = request.get('revision')
    if value is None:
        return ''
    if isinstance(value, (dict, list, bool)):
        raise ProtocolError("'revision' must be a string")
    return str(value)


class JobTable(object):
    """Loaded jobs by key. Thread-safe: requests for different jobs run on different threads."""

    def __init__(self):
        self._lock = threading.Lock()
        self._jobs = {}

    def has(self, key):
        with self._lock:
            return key in self._jobs

    def get(self, key):
        """The job, or a ProtocolError: the runner asked for a job this worker does not hold."""
        with self._lock:
            job = self._jobs.get(key)
        if job is None:
            raise ProtocolError('job not loaded')
        return job

    def put(self, key, job):
        with self._lock:
            self._jobs[key] = job

    def pop(self, key):
        """Removes the job and returns it, or None."""
        with self._lock:
            return self._jobs.pop(key, None)
