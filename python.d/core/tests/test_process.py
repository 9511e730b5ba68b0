# -*- coding: utf-8 -*-
"""The worker process: start-up, stdio isolation, flags, exit paths."""

import os
import signal
import subprocess
import sys
import time
import unittest

from .worker_client import TIMEOUT, WORKER, WorkerTestCase


def _pipe_inode(stream):
    return 'pipe:[{0}]'.format(os.fstat(stream.fileno()).st_ino)


def _is_gone(pid):
    """True when ``pid`` no longer runs (exited, or a zombie nobody reaped yet)."""
    try:
        with open('/proc/{0}/stat'.format(pid)) as stat:
            return stat.read().rsplit(')', 1)[1].split()[0] in ('Z', 'X')
    except (FileNotFoundError, ProcessLookupError):
        return True


class ProcessTest(WorkerTestCase):

    def test_ready_is_the_first_line_and_names_protocol_pid_and_python(self):
        client = self.start_worker()
        first = client.messages[0]
        self.assertEqual(first['type'], 'ready')
        self.assertEqual(first['protocol'], 2)
        self.assertEqual(first['pid'], client.pid)
        self.assertEqual(first['python'], '{0}.{1}.{2}'.format(*sys.version_info[:3]))

    def test_end_of_input_makes_the_worker_exit_zero(self):
        client = self.start_worker()
        client.proc.stdin.close()
        self.assertEqual(client.proc.wait(timeout=TIMEOUT), 0)

    def test_shutdown_replies_then_exits_zero(self):
        client = self.start_worker()
        reply = client.call('shutdown')
        self.assertTrue(reply['ok'])
        self.assertEqual(client.proc.wait(timeout=TIMEOUT), 0)

    def test_unknown_op_is_answered_not_ok_and_worker_keeps_serving(self):
        client = self.start_worker()
        reply = client.call('dance')
        self.assertFalse(reply['ok'])
        self.assertIn('dance', reply['error'])
        self.assertTrue(client.call('unload', job='x/y')['ok'])

    def test_a_line_that_is_not_json_is_logged_and_the_next_request_served(self):
        client = self.start_worker()
        client.send_raw(b'this is {not json\n')
        self.assert_log(client, 'ERROR', 'not JSON')
        self.assertTrue(client.call('unload', job='x/y')['ok'])

    def test_module_stdout_goes_to_stderr_and_protocol_stays_json(self):
        client = self.start_worker()
        client.load('noisy/noisy', 'noisy')
        reply = client.collect('noisy/noisy')
        self.assertTrue(reply['updated'])
        for text in ('noise from import', 'noise from constructor', 'noise from print',
                     'noise from sys.stdout', 'noise from fd 1', 'noise from a child'):
            client.wait_for_stderr(text)
        self.assertFalse(any(b'noise from' in line for line in client.raw_lines))
        # tearDown checks that every stdout line was a JSON object

    @unittest.skipUnless(os.path.isdir('/proc/self/fd'), 'needs /proc')
    def test_child_processes_inherit_neither_protocol_pipe_and_read_dev_null(self):
        client = self.start_worker()
        client.check('noisy/noisy', 'noisy')  # check() runs a child that lists its descriptors
        client.wait_for_stderr('childfd 0 ')
        child = dict(line.split(' ', 2)[1:] for line in client.stderr_lines if line.startswith('childfd '))
        self.assertEqual(child['0'], '/dev/null')
        protocol = {_pipe_inode(client.proc.stdin), _pipe_inode(client.proc.stdout)}
        self.assertEqual(protocol & set(child.values()), set(), child)
        self.assertEqual(child['1'], _pipe_inode(client.proc.stderr))

    def test_debug_messages_are_dropped_without_the_debug_flag(self):
        quiet = self.start_worker()
        quiet.load('scripted/s', 'scripted')
        quiet.collect('scripted/s')
        loud = self.start_worker('--debug')
        loud.load('scripted/s', 'scripted')
        loud.collect('scripted/s')
        self.assert_log(loud, 'DEBUG', 'check passed', module='scripted', job='s')
        self.assertEqual(quiet.logs('DEBUG'), [])

    def test_trace_flag_adds_tracebacks_to_error_logs_and_failed_replies(self):
        config = {'steps': [{'data': {'a': 1}}, {'raise': 'boom'}]}
        plain = self.start_worker()
        plain.load('scripted/s', 'scripted', config=config)
        plain.collect('scripted/s')
        plain.collect('scripted/s')
        self.assertNotIn('traceback', self.assert_log(plain, 'ERROR', 'boom'))
        self.assertNotIn('traceback', plain.check('scripted/r', 'scripted', config={'check': 'raise'}))

        traced = self.start_worker('--trace')
        traced.load('scripted/s', 'scripted', config=config)
        traced.collect('scripted/s')
        traced.collect('scripted/s')
        self.assertIn('ValueError: boom', self.assert_log(traced, 'ERROR', 'boom')['traceback'])
        failed = traced.check('scripted/r', 'scripted', config={'check': 'raise'})
        self.assertIn('RuntimeError: check exploded', failed['traceback'])


@unittest.skipUnless(sys.platform.startswith('linux'), 'PR_SET_PDEATHSIG is Linux only')
class ParentDeathTest(unittest.TestCase):

    def test_worker_is_killed_when_its_parent_dies_even_with_input_open(self):
        read_fd, write_fd = os.pipe()  # we keep write_fd open: the worker never sees end of input
        self.addCleanup(os.close, read_fd)
        self.addCleanup(os.close, write_fd)
        parent_code = ('import subprocess, sys, time\n'
                       'worker = subprocess.Popen([sys.executable, "-u", sys.argv[1]], stdin=int(sys.argv[2]),'
                       ' stdout=subprocess.PIPE, pass_fds=[int(sys.argv[2])])\n'
                       'sys.stdout.write(worker.stdout.readline().decode())\n'
                       'sys.stdout.flush()\n'
                       'time.sleep(60)\n')
        parent = subprocess.Popen([sys.executable, '-c', parent_code, WORKER, str(read_fd)],
                                  stdout=subprocess.PIPE, pass_fds=[read_fd])
        worker_pid = None

        def cleanup():
            for pid in (parent.pid, worker_pid):
                if pid is not None:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except ProcessLookupError:
                        pass
            parent.wait(TIMEOUT)
            parent.stdout.close()
        self.addCleanup(cleanup)

        import json
        worker_pid = json.loads(parent.stdout.readline().decode())['pid']
        self.assertFalse(_is_gone(worker_pid))
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(TIMEOUT)
        deadline = time.monotonic() + TIMEOUT
        while not _is_gone(worker_pid) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertTrue(_is_gone(worker_pid), 'worker outlived its parent')
