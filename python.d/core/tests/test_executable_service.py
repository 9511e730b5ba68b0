# -*- coding: utf-8 -*-
"""ExecutableService in-process, running real fake programs (shell scripts) from a temp folder on PATH."""

import os
import time
import unittest

from bases.FrameworkServices.ExecutableService import ExecutableService
from bases.collection import binary_search_path, find_binary

from .peers import LogCapture, pid_is_running, temp_dir, write_executable

FAKE = 'terrarium-fake-tool'


class NumberService(ExecutableService):
    """Runs ``terrarium-fake-tool --count`` unless the job says otherwise; the first line is the value."""

    def __init__(self, configuration=None, name=None):
        ExecutableService.__init__(self, configuration=configuration, name=name)
        self.command = FAKE + ' --count'

    def _get_data(self):
        lines = self._get_raw_data()
        return {'value': int(lines[0])} if lines else None


def service(**config):
    return NumberService(configuration=dict(config), name='job')


class ExecutableServiceTest(unittest.TestCase):

    def setUp(self):
        self.logs = LogCapture(self)
        self.folder = temp_dir(self)
        self.ran = os.path.join(self.folder, 'ran')
        # records its arguments, prints 42 and two more lines on stdout, one on stderr
        self.fake = write_executable(self.folder, FAKE, 'echo "$@" >> "{0}"\n'
                                     'echo 42; echo second; printf "no newline"\n'
                                     'echo "complaint" >&2\n'.format(self.ran))
        old_path = os.environ.get('PATH', '')
        os.environ['PATH'] = self.folder + os.pathsep + old_path
        self.addCleanup(os.environ.__setitem__, 'PATH', old_path)

    def runs(self):
        if not os.path.exists(self.ran):
            return []
        with open(self.ran) as handle:
            return handle.read().splitlines()

    def test_check_finds_a_bare_program_name_in_path_and_keeps_an_argument_list(self):
        job = service()
        self.assertTrue(job.check())
        self.assertEqual(job.command, [self.fake, '--count'])
        self.assertEqual(self.runs(), ['--count'])

    def test_the_job_command_replaces_the_module_command(self):
        job = service(command=FAKE + ' --from-config  x')
        self.assertTrue(job.check())
        self.assertEqual(self.runs(), ['--from-config x'])

    def test_an_argument_with_a_shell_metacharacter_is_refused_and_nothing_runs(self):
        for command in (FAKE + ' a|b', FAKE + ' > out', FAKE + ' x;y', FAKE + ' &', FAKE + ' <in'):
            self.assertFalse(service(command=command).check(), command)
        self.assertEqual(self.runs(), [])
        self.assertTrue(self.logs.has('ERROR', 'refused', '|'), self.logs.records)

    def test_a_program_not_in_path_fails_check_with_an_error(self):
        self.assertFalse(service(command='terrarium-no-such-program --count').check())
        self.assertTrue(self.logs.has('ERROR', "cannot find 'terrarium-no-such-program'"), self.logs.records)

    def test_a_path_that_is_not_executable_fails_check(self):
        plain = os.path.join(self.folder, 'plain')
        open(plain, 'w').close()
        self.assertFalse(service(command=plain).check())
        self.assertTrue(self.logs.has('ERROR', 'not an executable file'), self.logs.records)

    def test_output_lines_keep_their_line_breaks_and_stderr_is_read_on_request(self):
        job = service()
        self.assertEqual(job._get_raw_data(command=[self.fake]), ['42\n', 'second\n', 'no newline'])
        self.assertEqual(job._get_raw_data(stderr=True, command=[self.fake]), ['complaint\n'])

    def test_a_string_command_is_split_on_whitespace_without_a_shell(self):
        job = service()
        job._get_raw_data(command=self.fake + ' "quoted words" $HOME')
        self.assertEqual(self.runs(), ['"quoted words" $HOME'])

    def test_a_program_that_cannot_start_gives_none_and_an_error(self):
        self.assertIsNone(service()._get_raw_data(command=[os.path.join(self.folder, 'missing')]))
        self.assertTrue(self.logs.has('ERROR', 'cannot run'), self.logs.records)

    def test_a_program_over_command_timeout_is_killed_with_its_children(self):
        pids = os.path.join(self.folder, 'pids')
        hang = write_executable(self.folder, 'hang', 'sleep 30 & echo $! > "{0}"; echo $$ >> "{0}"; wait\n'
                                .format(pids))
        job = service(command_timeout=0.3)
        started = time.monotonic()
        self.assertIsNone(job._get_raw_data(command=[hang]))
        self.assertLess(time.monotonic() - started, 5)
        self.assertTrue(self.logs.has('ERROR', 'killed', '0.3 s'), self.logs.records)
        with open(pids) as handle:
            started_pids = [int(line) for line in handle.read().split()]
        self.assertEqual(len(started_pids), 2)
        deadline = time.monotonic() + 2
        while any(pid_is_running(pid) for pid in started_pids) and time.monotonic() < deadline:
            time.sleep(0.02)
        self.assertEqual([pid for pid in started_pids if pid_is_running(pid)], [])

    def test_check_fails_when_the_program_prints_nothing_usable(self):
        write_executable(self.folder, 'silent', 'exit 3\n')
        self.assertFalse(service(command='silent').check())
        self.assertTrue(self.logs.has('ERROR', 'no data from'), self.logs.records)


class FindBinaryTest(unittest.TestCase):

    def test_the_sbin_folders_the_netdata_daemon_adds_are_searched_after_path(self):
        old_path = os.environ.get('PATH', '')
        self.addCleanup(os.environ.__setitem__, 'PATH', old_path)
        os.environ['PATH'] = '/terrarium-nowhere'
        self.assertEqual(binary_search_path()[:5],
                         ['/terrarium-nowhere', '/sbin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin'])
        found = find_binary('ldconfig') or find_binary('sysctl')
        self.assertTrue(found and os.path.dirname(found) in ('/sbin', '/usr/sbin'), found)


if __name__ == '__main__':
    unittest.main()
