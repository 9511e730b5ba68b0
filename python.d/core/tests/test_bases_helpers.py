# -*- coding: utf-8 -*-
"""The small helpers of bases/ that stock modules import, used in-process."""

import os
import tempfile
import unittest

from bases import loggers
from bases.collection import find_binary, read_last_line
from bases.loggers import PythonDLimitedLogger, PythonDLogger


class CollectionTest(unittest.TestCase):

    def test_find_binary_returns_an_executable_path_or_none(self):
        found = find_binary('sh')
        self.assertTrue(found and os.path.isabs(found) and os.access(found, os.X_OK), found)
        self.assertIsNone(find_binary('terrarium-no-such-binary'))

    def test_read_last_line_reads_the_final_line_of_a_long_file(self):
        with tempfile.NamedTemporaryFile('w', delete=False) as handle:
            handle.write('x' * 10000 + '\n' + 'middle\n' + 'the end ✓\n')
        self.addCleanup(os.unlink, handle.name)
        self.assertEqual(read_last_line(handle.name), 'the end ✓\n')


class LoggerTest(unittest.TestCase):

    def setUp(self):
        self.records = []
        loggers.route_records(lambda *record: self.records.append(record), debug=False)
        self.addCleanup(loggers.route_records, loggers._stderr_handler, debug=True)

    def test_records_name_module_and_job_and_join_arguments_on_one_line(self):
        logger = PythonDLogger()
        logger.module_name, logger.job_name = 'mod', 'job'
        logger.warning('two', 'parts\nand a line')
        logger.debug('dropped: debug is off')
        self.assertEqual(self.records, [('WARNING', 'mod', 'job', 'two parts and a line', None)])

    def test_limited_logger_lets_through_at_most_the_limit_per_window(self):
        logger = PythonDLimitedLogger()
        for number in range(loggers.LIMIT_RECORDS + 5):
            logger.error('failure', number)
        self.assertEqual(len(self.records), loggers.LIMIT_RECORDS)


class FrameworkVersionNamesTest(unittest.TestCase):
    """Modules written for python.d 1.37 and for 2.x import the names of their version and find what they use."""

    def test_the_names_of_both_versions_import(self):
        from bases.FrameworkServices.SimpleService import SimpleService
        from bases.FrameworkServices.UrlService import UrlService
        from bases.FrameworkServices.SocketService import SocketService
        from bases.FrameworkServices.ExecutableService import ExecutableService
        from bases.FrameworkServices.LogService import LogService
        from bases.loggers import PythonDLimitedLogger, PythonDLogger  # 1.37 has both; 2.x only the second
        for service in (SimpleService, UrlService, SocketService, ExecutableService, LogService):
            # 2.x: SimpleService derives from PythonDLogger; 1.37: from PythonDLimitedLogger, itself one
            self.assertTrue(issubclass(service, PythonDLogger), service)
            self.assertTrue(issubclass(service, PythonDLimitedLogger), service)

    def test_a_2x_style_service_logs_through_the_logger_methods_it_inherits(self):
        from bases.FrameworkServices.SimpleService import SimpleService
        records = []
        loggers.route_records(lambda *record: records.append(record), debug=False)
        self.addCleanup(loggers.route_records, loggers._stderr_handler, debug=True)
        service = SimpleService(configuration={'job_name': 'j', 'update_every': 1}, name='j')
        for method in ('debug', 'info', 'warning', 'error', 'alert'):
            self.assertTrue(callable(getattr(service, method)), method)
        service.warning('from a 2.x module')
        self.assertEqual([record[0] for record in records], ['WARNING'])
