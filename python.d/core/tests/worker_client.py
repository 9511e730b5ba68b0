# -*- coding: utf-8 -*-
"""Test side of the worker protocol: starts worker.py as a real subprocess and talks JSON lines to it."""

import json
import os
import signal
import subprocess
import sys
import threading
import time
import unittest

CORE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKER = os.path.join(CORE, 'worker.py')
FIXTURES = os.path.join(CORE, 'tests', 'modules')
DATAKIT = os.path.join(CORE, 'tests', 'datakit')  # DataKit pythond dirs folders, one per subfolder
STOCK_MODULES = '/usr/lib/netdata/python.d'

DEFAULTS = {'update_every': 1, 'priority': 60000, 'autodetection_retry': 0, 'chart_cleanup': 10,
            'penalty': True}
DATAKIT_DEFAULTS = dict(DEFAULTS, update_every=10)
TIMEOUT = 5.0


def fixture(module):
    return os.path.join(FIXTURES, module + '.chart.py')


class WorkerClient(object):
    """One worker process. Every stdout line is parsed; lines that are not JSON objects are kept in
    ``bad_lines``. Messages are stamped with their arrival time (``_at``, monotonic seconds)."""

    def __init__(self, *flags, **popen_args):
        env = dict(os.environ, PYTHONUNBUFFERED='1', PYTHONDONTWRITEBYTECODE='1')
        env.update(popen_args.pop('extra_env', None) or {})
        self.proc = subprocess.Popen([sys.executable, '-u', WORKER] + list(flags),
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     env=env, **popen_args)
        self.pid = self.proc.pid
        self.messages = []
        self.raw_lines = []
        self.bad_lines = []
        self.stderr_lines = []
        self._next_id = 0
        self._changed = threading.Condition()
        self._readers = [threading.Thread(target=self._read_stdout, daemon=True),
                         threading.Thread(target=self._read_stderr, daemon=True)]
        for reader in self._readers:
            reader.start()

    # --- background readers ---

    def _read_stdout(self):
        for raw in iter(self.proc.stdout.readline, b''):
            arrived = time.monotonic()
            with self._changed:
                self.raw_lines.append(raw)
                try:
                    message = json.loads(raw.decode('utf-8'))
                    if not isinstance(message, dict) or not raw.endswith(b'\n'):
                        raise ValueError('not a JSON object line')
                except ValueError:
                    self.bad_lines.append(raw)
                else:
                    message['_at'] = arrived
                    self.messages.append(message)
                self._changed.notify_all()

    def _read_stderr(self):
        for raw in iter(self.proc.stderr.readline, b''):
            with self._changed:
                self.stderr_lines.append(raw.decode('utf-8', 'replace').rstrip('\n'))
                self._changed.notify_all()

    # --- waiting ---

    def wait_for(self, predicate, timeout=TIMEOUT, what='a message'):
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                for message in self.messages:
                    if predicate(message):
                        return message
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError('timed out waiting for {0}; got {1}'.format(what, self.messages))
                self._changed.wait(left)

    def wait_for_stderr(self, text, timeout=TIMEOUT):
        deadline = time.monotonic() + timeout
        with self._changed:
            while not any(text in line for line in self.stderr_lines):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError('timed out waiting for {0!r} on stderr; got {1}'.format(
                        text, self.stderr_lines))
                self._changed.wait(left)

    def ready(self):
        return self.wait_for(lambda m: m.get('type') == 'ready', what='ready')

    def logs(self, level=None):
        with self._changed:
            return [m for m in self.messages if m.get('type') == 'log' and (level is None or m['level'] == level)]

    # --- requests ---

    def send(self, op, **fields):
        """Sends a request; returns its id."""
        self._next_id += 1
        fields.update(id=self._next_id, op=op)
        self.send_raw(json.dumps(fields).encode('utf-8') + b'\n')
        return self._next_id

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def reply(self, request_id, job=None, timeout=TIMEOUT):
        """The reply to ``request_id``; with ``job``, that job's entry of a collect reply (protocol 2 sends a
        collect's job replies together, in ``jobs``), stamped with the message's ``_at``."""
        if job is None:
            return self.wait_for(lambda m: m.get('type') == 'reply' and m.get('id') == request_id, timeout,
                                 'reply {0}'.format(request_id))
        message = self.wait_for(lambda m: m.get('type') == 'reply' and m.get('id') == request_id
                                and any(entry.get('job') == job for entry in m.get('jobs', ())), timeout,
                                'reply {0} {1}'.format(request_id, job))
        entry = dict(next(entry for entry in message['jobs'] if entry.get('job') == job))
        entry.update(type='reply', id=request_id, _at=message['_at'])
        entry.setdefault('retired', [])
        # values and variables travel as objects, in the chart's order; tests read them as [id, value] pairs
        entry['charts'] = [dict(chart, values=[[k, v] for k, v in chart['values'].items()],
                                variables=[[k, v] for k, v in chart.get('variables', {}).items()])
                           for chart in entry.get('charts', [])]
        return entry

    def call(self, op, **fields):
        return self.reply(self.send(op, **fields))

    def check(self, job, module, path=None, job_name=None, config=None, override_name=None,
              defaults=None, min_update_every=1, **extra):
        """check of python.d job ``job``; ``extra`` fields (``revision``...) go into the request as given."""
        return self.call('check', job=job, kind='python.d', module=module, path=path or fixture(module),
                         job_name=job_name if job_name is not None else job.split('/')[-1],
                         override_name=override_name, config=config or {},
                         defaults=defaults or DEFAULTS, min_update_every=min_update_every, **extra)

    def check_script(self, folder, module, class_name, min_update_every=1, config=None, **extra):
        """check of DataKit pythond job ``<module>/<class_name>``: the script ``<module>.py`` (dots are
        folders) of the dirs folder ``tests/datakit/<folder>`` (or, when ``folder`` is absolute, of that
        folder)."""
        path = os.path.join(DATAKIT, folder, *module.split('.')) + '.py'
        return self.call('check', job='{0}/{1}'.format(module, class_name), kind='pythond', module=module,
                         path=path, job_name=class_name, override_name=None, config=config or {},
                         defaults=DATAKIT_DEFAULTS, min_update_every=min_update_every, lock_dir=None, **extra)

    def load_script(self, folder, module, class_name, **kwargs):
        """check_script + create, asserting both succeed; returns the job key."""
        checked = self.check_script(folder, module, class_name, **kwargs)
        assert checked['ok'] and checked['passed'], checked
        job = '{0}/{1}'.format(module, class_name)
        created = self.call('create', job=job)
        assert created['ok'], created
        return job

    def load(self, job, module, **kwargs):
        """check + create, asserting both succeed."""
        checked = self.check(job, module, **kwargs)
        assert checked['ok'] and checked['passed'], checked
        created = self.call('create', job=job)
        assert created['ok'], created
        return checked

    def collect(self, job, interval=1000000):
        request_id = self.send('collect', jobs=[{'job': job, 'interval': interval}])
        return self.reply(request_id, job)

    # --- teardown ---

    def close(self):
        """Kills the process (by pid) if it still runs, reaps it and closes the pipes. Safe to call twice."""
        if self.proc.poll() is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            self.proc.wait(timeout=TIMEOUT)
        finally:
            for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
                try:
                    stream.close()
                except (OSError, ValueError):
                    pass
            for reader in self._readers:
                reader.join(TIMEOUT)


class WorkerTestCase(unittest.TestCase):
    """Starts workers that are always killed, and fails a test whose worker wrote a non-JSON line."""

    def setUp(self):
        self.clients = []

    def start_worker(self, *flags, **extra_env):
        """A ready worker; ``extra_env`` is added to its environment."""
        client = WorkerClient(*flags, extra_env=extra_env)
        self.addCleanup(client.close)
        self.clients.append(client)
        client.ready()
        return client

    def tearDown(self):
        for client in self.clients:
            self.assertEqual(client.bad_lines, [], 'the worker wrote lines that are not JSON objects')

    def assert_log(self, client, level, *fragments, **fields):
        """Waits for a log message at ``level`` whose message contains every fragment."""
        def matches(m):
            return (m.get('type') == 'log' and m.get('level') == level
                    and all(f in m.get('message', '') for f in fragments)
                    and all(m.get(k) == v for k, v in fields.items()))
        return client.wait_for(matches, what='{0} log with {1} {2}'.format(level, fragments, fields))
