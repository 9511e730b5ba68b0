# -*- coding: utf-8 -*-
"""The worker's persistent job threads (terrarium_worker.lanes), in process: no worker subprocess needed."""

import os
import sys
import threading
import time
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from terrarium_worker.lanes import Lanes, Task  # noqa: E402

TIMEOUT = 5.0


class Recorder(object):
    """Collects done() values and the threads tasks ran on."""

    def __init__(self):
        self.lock = threading.Lock()
        self.done = []
        self.threads = set()
        self.all_done = threading.Condition(self.lock)

    def task(self, key, work=lambda: None, aside=None):
        def run():
            with self.lock:
                self.threads.add(threading.current_thread().ident)
            work()
            return key

        def done(value):
            with self.lock:
                self.done.append(value)
                self.all_done.notify_all()

        return Task(key, run, done, aside)

    def wait_for(self, count):
        deadline = time.monotonic() + TIMEOUT
        with self.lock:
            while len(self.done) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError('only {0} of {1} tasks done: {2}'.format(len(self.done), count, self.done))
                self.all_done.wait(left)
            return list(self.done)


class LanesTest(unittest.TestCase):

    def lanes(self, **kwargs):
        lanes = Lanes(**kwargs)
        self.addCleanup(lanes.stop)
        return lanes

    def test_quick_tasks_run_in_order_on_one_thread_started_once(self):
        lanes = self.lanes()
        recorder = Recorder()
        for tick in range(20):
            lanes.submit_all([recorder.task('job{0}'.format(i)) for i in range(50)])
            recorder.wait_for(50 * (tick + 1))
        self.assertEqual(recorder.done[:50], ['job{0}'.format(i) for i in range(50)])
        self.assertEqual(len(recorder.threads), 1)
        self.assertEqual(lanes.thread_count(), 1)

    def test_a_hung_task_is_moved_aside_and_the_next_ones_run_at_once(self):
        lanes = self.lanes(aside_after=0.05)
        recorder = Recorder()
        release = threading.Event()
        moved = threading.Event()
        started = time.monotonic()
        lanes.submit_all([recorder.task('hung', lambda: release.wait(TIMEOUT), aside=moved.set)]
                         + [recorder.task('quick{0}'.format(i)) for i in range(10)])
        done = recorder.wait_for(10)
        self.assertLess(time.monotonic() - started, 1.0)
        self.assertEqual(done, ['quick{0}'.format(i) for i in range(10)])
        self.assertTrue(moved.is_set())
        release.set()
        self.assertEqual(recorder.wait_for(11)[-1], 'hung')

    def test_a_task_seen_slow_runs_on_a_thread_of_its_own_next_time(self):
        lanes = self.lanes(aside_after=0.05)
        recorder = Recorder()
        lanes.submit_all([recorder.task('sleeper', lambda: time.sleep(0.1))])
        recorder.wait_for(1)
        # now it goes aside at once: ten of them at a time take about one sleep, not ten
        started = time.monotonic()
        self.assertEqual(len(lanes.submit_all([recorder.task('sleeper', lambda: time.sleep(0.3))]
                                              + [recorder.task('quick')])), 1)
        self.assertEqual(recorder.wait_for(2)[1], 'quick')
        self.assertLess(time.monotonic() - started, 0.2)
        recorder.wait_for(3)

    def test_tasks_that_wait_run_concurrently_once_known(self):
        lanes = self.lanes(aside_after=1.0)
        recorder = Recorder()
        keys = ['io{0}'.format(i) for i in range(8)]
        for run in range(2):  # learnt as waiting: twice in a row
            lanes.submit_all([recorder.task(key, lambda: time.sleep(0.01)) for key in keys])
            recorder.wait_for(8 * (run + 1))
        started = time.monotonic()
        slow = lanes.submit_all([recorder.task(key, lambda: time.sleep(0.2)) for key in keys])
        recorder.wait_for(24)
        self.assertEqual(len(slow), 8)
        self.assertLess(time.monotonic() - started, 0.2 * 3)

    def test_waiting_once_is_not_enough_to_be_slow(self):
        lanes = self.lanes(aside_after=1.0)
        recorder = Recorder()
        lanes.submit_all([recorder.task('once', lambda: time.sleep(0.01))])
        recorder.wait_for(1)
        self.assertEqual(lanes.submit_all([recorder.task('once')]), [])
        recorder.wait_for(2)

    def test_the_time_a_reply_takes_to_go_out_is_not_the_next_tasks(self):
        lanes = self.lanes(aside_after=0.05)
        recorder = Recorder()
        moved = []

        def slow_reply(value):  # a chunk of a big batch encoded and written by the task that completes it
            time.sleep(0.15)
            recorder.task('x').done(value)

        lanes.submit_all([Task('sender', lambda: 'sender', slow_reply)]
                         + [recorder.task('next', aside=lambda: moved.append('next'))])
        recorder.wait_for(2)
        self.assertEqual(moved, [])
        self.assertEqual(lanes.submit_all([recorder.task('next')]), [])
        recorder.wait_for(3)
        self.assertEqual(lanes.thread_count(), 1)

    def test_a_task_that_hangs_after_a_slow_reply_is_still_moved_aside(self):
        lanes = self.lanes(aside_after=0.05)
        recorder = Recorder()
        release = threading.Event()
        moved = threading.Event()

        def slow_reply(value):
            time.sleep(0.1)
            recorder.task('x').done(value)

        lanes.submit_all([Task('sender', lambda: 'sender', slow_reply),
                          recorder.task('hung', lambda: release.wait(TIMEOUT), aside=moved.set),
                          recorder.task('quick')])
        self.assertEqual(recorder.wait_for(2), ['sender', 'quick'])
        self.assertTrue(moved.is_set())
        release.set()
        recorder.wait_for(3)

    def test_collects_go_ahead_of_waiting_checks(self):
        lanes = self.lanes(aside_after=1.0)
        recorder = Recorder()
        release = threading.Event()
        lanes.submit(recorder.task('busy', lambda: release.wait(TIMEOUT)))
        for i in range(3):
            lanes.submit(Task(None, lambda i=i: 'check{0}'.format(i), recorder.task('x').done, setup=True))
        lanes.submit(recorder.task('collect'))
        release.set()
        self.assertEqual(recorder.wait_for(5), ['busy', 'collect', 'check0', 'check1', 'check2'])

    def test_threads_never_exceed_the_bound(self):
        lanes = self.lanes(max_threads=4, aside_after=0.02)
        recorder = Recorder()
        release = threading.Event()
        keys = ['blocked{0}'.format(i) for i in range(10)]
        lanes.submit_all([recorder.task(key, lambda: release.wait(TIMEOUT)) for key in keys])
        time.sleep(0.3)
        self.assertEqual(lanes.thread_count(), 4)
        release.set()
        recorder.wait_for(10)
        self.assertLessEqual(lanes.thread_count(), 4)

    def test_threads_beyond_the_lane_exit_when_idle(self):
        lanes = self.lanes(aside_after=0.02, idle_keep=0.2)
        recorder = Recorder()
        release = threading.Event()
        lanes.submit_all([recorder.task('a', lambda: release.wait(TIMEOUT)), recorder.task('b')])
        recorder.wait_for(1)
        self.assertEqual(lanes.thread_count(), 2)
        release.set()
        recorder.wait_for(2)
        deadline = time.monotonic() + TIMEOUT
        while lanes.thread_count() > 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        self.assertEqual(lanes.thread_count(), 1)


if __name__ == '__main__':
    unittest.main()
