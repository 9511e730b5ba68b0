# -*- coding: utf-8 -*-
"""Collector locks: python.d's <lock dir>/<full name>.collector.lock, held with flock() while a job is loaded."""

import fcntl
import os
import shutil
import tempfile
import unittest

from tests.worker_client import DEFAULTS, WorkerTestCase, fixture

STEPS = {'steps': [{'data': {'a': 1, 'b': 2}}]}


class JobLockTest(WorkerTestCase):

    def setUp(self):
        super(JobLockTest, self).setUp()
        self.lock_dir = tempfile.mkdtemp(prefix='terrarium-locks-')
        self.addCleanup(shutil.rmtree, self.lock_dir, True)

    def check(self, client, job='scripted/s', lock_dir=None):
        return client.call('check', job=job, kind='python.d', module='scripted', path=fixture('scripted'),
                           job_name=job.split('/')[-1], override_name=None, config=STEPS, defaults=DEFAULTS,
                           min_update_every=1, lock_dir=lock_dir if lock_dir is not None else self.lock_dir)

    def lock_file(self):
        return os.path.join(self.lock_dir, 'scripted_s.collector.lock')

    def held_elsewhere(self):
        """Whether some other process holds the lock: flock() from this test process tells."""
        fd = os.open(self.lock_file(), os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            return True
        else:
            fcntl.flock(fd, fcntl.LOCK_UN)
            return False
        finally:
            os.close(fd)

    def test_a_passed_check_takes_the_lock_named_after_the_full_name(self):
        client = self.start_worker()
        reply = self.check(client)
        self.assertTrue(reply['ok'] and reply['passed'], reply)
        self.assertTrue(os.path.isfile(self.lock_file()))
        self.assertTrue(self.held_elsewhere())

    def test_a_job_another_process_holds_does_not_pass(self):
        first = self.start_worker()
        second = self.start_worker()
        self.assertTrue(self.check(first)['passed'])
        reply = self.check(second)
        self.assertTrue(reply['ok'], reply)
        self.assertFalse(reply['passed'], reply)
        self.assertIn('already collected by another process', reply['message'])
        self.assertIn('scripted_s.collector.lock', reply['message'])

    def test_unload_releases_the_lock(self):
        client = self.start_worker()
        self.assertTrue(self.check(client)['passed'])
        self.assertTrue(client.call('unload', job='scripted/s')['ok'])
        self.assertFalse(self.held_elsewhere())

    def test_a_dead_worker_leaves_no_lock_behind(self):
        client = self.start_worker()
        self.assertTrue(self.check(client)['passed'])
        client.close()
        self.assertFalse(self.held_elsewhere())

    def test_checking_a_job_again_in_the_same_worker_keeps_it_runnable(self):
        client = self.start_worker()
        self.assertTrue(self.check(client)['passed'])
        self.assertTrue(self.check(client)['passed'])

    def test_without_a_lock_dir_no_lock_is_taken(self):
        client = self.start_worker()
        reply = client.check('scripted/s', 'scripted', config=STEPS)
        self.assertTrue(reply['passed'])
        self.assertEqual(os.listdir(self.lock_dir), [])


if __name__ == '__main__':
    unittest.main()
