# -*- coding: utf-8 -*-
"""The replies of one ``collect`` request, sent as few messages as the jobs allow.

The jobs that run on the lane (quick ones) answer together, in one message, as soon as the last of them is done, or
``CHUNK`` of them at a time when there are more (which bounds the size of a message, and so what encoding it holds,
and lets the first values of a big batch go out early). A job that is slow (queued as slow, or moved aside while it
runs) does not hold them back: once every quick job is done, what is ready goes out, and each slow job's reply
follows when it is done.

A collect's objects hold no reference cycle (a task refers to its batch, a batch to its tasks only by ``id``): what a
tick allocates is freed as soon as its reply is out, by reference counting. Closures between task and batch made
cycles of some 20 objects per job per tick, which only the garbage collector's oldest generation freed; at 5000 jobs
that grew the worker by 100 MB.

Thread-safety: any thread may call any method; ``send`` is called without the lock held.
"""

import threading

from terrarium_worker.failures import failure

CHUNK = 500


class CollectTask(object):
    """One job of a collect, as ``lanes.Lanes`` runs it: ``run()`` collects, ``done``/``aside`` tell the batch."""

    __slots__ = ('key', '_host', '_interval', '_batch', '_trace')
    setup = False

    def __init__(self, job_key, host, interval, trace):
        self.key = job_key
        self._host = host
        self._interval = interval
        self._batch = None
        self._trace = trace

    def run(self):
        try:
            body = self._host.collect(self.key, self._interval)
        except BaseException as error:  # a module raising SystemExit must not end the worker
            body = failure(error, self._trace)
        body.setdefault('job', self.key)
        return body

    def done(self, body):
        self._batch.done(self, body)
        self._batch = None

    def aside(self):
        batch = self._batch
        if batch is not None:
            batch.aside(self)


class CollectBatch(object):

    def __init__(self, send, tasks, ready=()):
        """``send(bodies)`` writes reply bodies as one message; ``tasks`` are the batch's tasks (not yet submitted),
        ``ready`` bodies that need no task (jobs the worker does not hold)."""
        self._send = send
        self._lock = threading.Lock()
        self._quick = set(id(task) for task in tasks)  # tasks neither done nor moved aside
        self._ready = list(ready)
        for task in tasks:
            task._batch = self

    def done(self, task, body):
        with self._lock:
            self._quick.discard(id(task))
            self._ready.append(body)
            bodies = self._take()
        if bodies:
            self._send(bodies)

    def aside(self, task):
        """The task is slow: the others no longer wait for it."""
        with self._lock:
            if id(task) not in self._quick:
                return
            self._quick.discard(id(task))
            bodies = self._take()
        if bodies:
            self._send(bodies)

    def flush_ready(self):
        """Sends what no task stands for (used when every task was slow from the start, or there are none)."""
        with self._lock:
            bodies = self._take()
        if bodies:
            self._send(bodies)

    # Called with the lock held.
    def _take(self):
        if not self._ready or (self._quick and len(self._ready) < CHUNK):
            return None
        bodies, self._ready = self._ready, []
        return bodies
