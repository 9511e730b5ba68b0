# -*- coding: utf-8 -*-
"""LogService in-process, following real files that the tests append to, truncate and rotate."""

import os
import time
import unittest

from bases.FrameworkServices.LogService import LogService

from .peers import LogCapture, temp_dir


class LineService(LogService):
    def __init__(self, configuration=None, name=None):
        LogService.__init__(self, configuration=configuration, name=name)
        self.order = ['lines']
        self.definitions = {'lines': {'options': [None, 'Lines', 'lines', 'log', 'test.lines', 'line'],
                                      'lines': [['lines', None, 'incremental']]}}


def append(path, text):
    with open(path, 'ab') as handle:
        handle.write(text.encode('utf-8'))


def set_mtime(path, seconds):
    os.utime(path, (seconds, seconds))


class LogServiceTest(unittest.TestCase):

    def setUp(self):
        self.logs = LogCapture(self)
        self.folder = temp_dir(self)
        self.path = os.path.join(self.folder, 'app.log')
        append(self.path, 'old 1\nold 2\n')

    def followed(self, path=None):
        job = LineService(configuration={'path': path or self.path}, name='job')
        self.addCleanup(job._release_resources)  # closes the followed file
        self.assertTrue(job.check())
        self.assertTrue(job.create())
        return job

    def test_create_starts_at_the_end_and_new_lines_come_once(self):
        job = self.followed()
        self.assertEqual(job._get_raw_data(), [])
        append(self.path, 'new 1\nnew ✓\n')
        self.assertEqual(job._get_raw_data(), ['new 1\n', 'new ✓\n'])
        self.assertEqual(job._get_raw_data(), [])

    def test_a_line_still_being_written_waits_until_it_is_complete(self):
        job = self.followed()
        append(self.path, 'whole\nhal')
        self.assertEqual(job._get_raw_data(), ['whole\n'])
        self.assertEqual(job._get_raw_data(), [])
        append(self.path, 'f done\n')
        self.assertEqual(job._get_raw_data(), ['half done\n'])

    def test_a_truncated_file_is_read_again_from_its_start(self):
        job = self.followed()
        with open(self.path, 'w') as handle:
            handle.write('fresh\n')
        self.assertEqual(job._get_raw_data(), ['fresh\n'])

    def test_a_rotated_file_is_finished_and_the_new_one_followed(self):
        job = self.followed()
        append(self.path, 'before rotation\n')
        self.assertEqual(job._get_raw_data(), ['before rotation\n'])
        append(self.path, 'late in old\n')
        os.rename(self.path, self.path + '.1')
        append(self.path, 'first in new\n')
        self.assertEqual(job._get_raw_data(), ['late in old\n', 'first in new\n'])
        append(self.path + '.1', 'stray write to the old file\n')
        append(self.path, 'second in new\n')
        self.assertEqual(job._get_raw_data(), ['second in new\n'])

    def test_a_glob_follows_the_newest_match_and_moves_to_a_newer_one(self):
        older, newer = os.path.join(self.folder, 'x-2.log'), os.path.join(self.folder, 'x-1.log')
        append(older, 'a\n')
        append(newer, 'b\n')
        set_mtime(older, 1000000)
        set_mtime(newer, 2000000)
        job = self.followed(os.path.join(self.folder, 'x-*.log'))
        self.assertEqual(job.log_path, newer)
        append(newer, 'in newer\n')
        self.assertEqual(job._get_raw_data(), ['in newer\n'])
        newest = os.path.join(self.folder, 'x-3.log')
        append(newest, 'from the start\n')
        set_mtime(newest, time.time() + 100)  # newer than 'newer', which the append above touched
        self.assertEqual(job._get_raw_data(), ['from the start\n'])
        self.assertEqual(job.log_path, newest)

    def test_a_missing_file_gives_none_and_an_error(self):
        job = self.followed()
        os.unlink(self.path)
        self.assertIsNone(job._get_raw_data())
        self.assertTrue(self.logs.has('ERROR', 'no log file at', self.path), self.logs.records)

    def test_check_fails_without_a_path_or_without_a_file(self):
        self.assertFalse(LineService(configuration={}, name='job').check())
        self.assertFalse(LineService(configuration={'path': self.path + '.none'}, name='job').check())
        self.assertTrue(self.logs.has('ERROR', 'no log path set'), self.logs.records)
        self.assertTrue(self.logs.has('ERROR', 'no log file at', '.none'), self.logs.records)

    def test_a_path_the_module_sets_in_log_path_is_followed(self):
        job = LineService(configuration={}, name='job')
        self.addCleanup(job._release_resources)
        job.log_path = self.path
        self.assertTrue(job.create())
        append(self.path, 'seen\n')
        self.assertEqual(job._get_raw_data(), ['seen\n'])


if __name__ == '__main__':
    unittest.main()
