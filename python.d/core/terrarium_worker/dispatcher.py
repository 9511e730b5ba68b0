# -*- coding: utf-8 -*-
"""Routes protocol requests to the job hosts and writes the replies.

Module code (check, create, each job of a collect) runs on the persistent threads of ``lanes.Lanes``, never on
the reading thread, so a slow or hung job never delays another job's reply. A collect's replies travel together
(``batches.CollectBatch``). Replies go through the channel's lock, whole.
"""

from bases.loggers import ERROR
from terrarium_worker.batches import CollectBatch, CollectTask
from terrarium_worker.failures import ProtocolError, describe, failure
from terrarium_worker.channel import encode
from terrarium_worker.lanes import Task
from terrarium_worker.logbridge import worker_log


def _request_id(request):
    request_id = request.get('id') if isinstance(request, dict) else None
    if isinstance(request_id, bool) or not isinstance(request_id, int) or request_id <= 0:
        return None
    return request_id


class Dispatcher(object):
    """Handles one request line at a time from the reading thread; the work itself runs on ``lanes``.

    ``exit_process(code)`` ends the worker (used by ``shutdown``).
    """

    def __init__(self, channel, hosts, trace, exit_process, lanes):
        self._channel = channel
        self._lanes = lanes
        self._hosts = dict((host.kind, host) for host in hosts)
        self._trace = trace
        self._exit_process = exit_process
        self._ops = {
            'check': self._check,
            'create': self._create,
            'collect': self._collect,
            'unload': self._unload,
            'shutdown': self._shutdown,
        }

    # --- entry point ---

    def handle(self, request):
        """Acts on one decoded request (any JSON value)."""
        request_id = _request_id(request)
        if request_id is None:
            worker_log(ERROR, 'request without a positive integer id ignored: {0}'.format(_preview(request)))
            return
        op = request.get('op')
        handler = self._ops.get(op)
        if handler is None:
            self._reply(request_id, {'ok': False, 'error': 'unknown op {0!r}'.format(op)})
            return
        try:
            handler(request_id, request)
        except Exception as error:  # a malformed request; module code runs on job threads, not here
            self._reply(request_id, failure(error, self._trace))

    def handle_bad_line(self, line, error):
        worker_log(ERROR, 'request line is not JSON ({0}): {1}'.format(describe(error), _preview(line)))

    # --- ops ---

    def _check(self, request_id, request):
        kind = request.get('kind') or 'python.d'
        host = self._hosts.get(kind)
        if host is None:
            raise ProtocolError('unsupported kind {0!r}'.format(kind))
        job_key = request.get('job')
        others = [other for other in self._hosts.values() if other is not host]

        def check():
            for other in others:  # the same job checked before as another kind: only the new one stays
                other.unload(job_key)
            reply = host.check(request)
            if request.get('create') is True and reply.get('ok') and reply.get('passed'):
                # check and create in one request: one round trip per job, not two
                created = host.create(job_key)
                reply['created'] = created.get('ok') is True
                if not reply['created']:
                    reply['create_error'] = created.get('error', 'create() failed')
            return reply

        self._single(request_id, check)

    def _create(self, request_id, request):
        job_key = request.get('job')
        host = self._host_of(job_key)
        self._single(request_id, lambda: host.create(job_key))

    def _collect(self, request_id, request):
        jobs = request.get('jobs')
        if not isinstance(jobs, list) or not jobs:
            raise ProtocolError("collect needs a non-empty 'jobs' list")
        tasks, ready = [], []
        for entry in jobs:
            job_key = entry.get('job') if isinstance(entry, dict) else None
            try:
                host = self._host_of(job_key)
            except ProtocolError as error:
                ready.append(failure(error, self._trace, job=job_key))
                continue
            tasks.append(CollectTask(job_key, host, entry.get('interval'), self._trace))
        batch = CollectBatch(_BatchReply(self, request_id), tasks, ready)
        for task in self._lanes.submit_all(tasks):
            batch.aside(task)
        batch.flush_ready()

    def _unload(self, request_id, request):
        job_key = request.get('job')
        if not job_key:
            raise ProtocolError("request has no 'job'")
        for host in self._hosts.values():
            host.unload(job_key)
        self._lanes.forget(job_key)
        self._reply(request_id, {'ok': True})

    def _shutdown(self, request_id, request):
        self._reply(request_id, {'ok': True})
        self._exit_process(0)

    # --- plumbing ---

    def _host_of(self, job_key):
        if not job_key:
            raise ProtocolError("request has no 'job'")
        for host in self._hosts.values():
            if host.has(job_key):
                return host
        raise ProtocolError('job not loaded')

    def _single(self, request_id, work):
        def run():
            try:
                return work()
            except BaseException as error:  # a module raising SystemExit must not end the worker
                return failure(error, self._trace)

        # not remembered as slow or quick (they run once): one that runs long is moved aside, and costs the lane
        # aside_after; python.d.plugin runs every check one after the other
        self._lanes.submit(Task(None, run, lambda body: self._reply(request_id, body), setup=True))

    def _reply_batch(self, request_id, bodies):
        """One message carrying job replies of a collect; a body that cannot be encoded is replaced by a failure."""
        try:
            self._channel.send({'type': 'reply', 'id': request_id, 'jobs': bodies})
            return
        except (TypeError, ValueError):
            pass
        checked = []
        for body in bodies:
            try:
                encode(body)
                checked.append(body)
            except (TypeError, ValueError) as error:
                checked.append({'job': body.get('job'), 'ok': False,
                                'error': 'reply could not be encoded: {0}'.format(describe(error))})
        self._channel.send({'type': 'reply', 'id': request_id, 'jobs': checked})

    def _reply(self, request_id, body):
        message = {'type': 'reply', 'id': request_id}
        message.update(body)
        try:
            self._channel.send(message)
        except (TypeError, ValueError) as error:  # not JSON-able: still answer, so the runner is not left waiting
            fallback = {'type': 'reply', 'id': request_id, 'ok': False,
                        'error': 'reply could not be encoded: {0}'.format(describe(error))}
            if 'job' in body:
                fallback['job'] = body['job']
            self._channel.send(fallback)


class _BatchReply(object):
    """``send(bodies)`` of one collect's batch (a plain object, not a closure: see batches)."""

    __slots__ = ('_dispatcher', '_request_id')

    def __init__(self, dispatcher, request_id):
        self._dispatcher = dispatcher
        self._request_id = request_id

    def __call__(self, bodies):
        self._dispatcher._reply_batch(self._request_id, bodies)


def _preview(value, limit=200):
    text = value.decode('utf-8', 'replace') if isinstance(value, bytes) else repr(value)
    return text if len(text) <= limit else text[:limit] + '...'
