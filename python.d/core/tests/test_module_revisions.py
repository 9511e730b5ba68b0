# -*- coding: utf-8 -*-
"""A check's ``revision``: a module file is imported again when a check names a revision other than the one it
was imported under, without disturbing the jobs still running on the old import; no revision means once per
path."""

import importlib.util
import itertools
import os
import py_compile
import sys
import unittest

from terrarium_worker import modules
from terrarium_worker.datakit_host import SCRIPT_PREFIX, script_loader

from .peers import LogCapture, temp_dir
from .worker_client import WorkerTestCase

_names = itertools.count(1)

PYTHON_D_MODULE = '''
from bases.FrameworkServices.SimpleService import SimpleService

VERSION = {0}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ['version']
        self.definitions = {{'version': {{'options': [None, 'Version', 'n', 'v', 'v.version', 'line'],
                                         'lines': [['version']]}}}}

    def check(self):
        return True

    def get_data(self):
        return {{'version': VERSION}}
'''

DATAKIT_SCRIPT = '''
from datakit_framework import DataKitFramework

VERSION = {0}


class Versioned(DataKitFramework):
    interval = 1

    def run(self):
        self.report({{'M': [{{'measurement': 'v', 'fields': {{'version': VERSION}}}}]}})
'''


def write(path, text):
    with open(path, 'w') as handle:
        handle.write(text)


class LoaderRevisionTest(unittest.TestCase):
    """The loader in this process, on a module file of its own per test."""

    def setUp(self):
        self.folder = temp_dir(self)
        self.name = 'revision_probe_{0}'.format(next(_names))
        self.path = os.path.join(self.folder, self.name + '.chart.py')
        self.qualified = modules.python_d_name(self.name, self.path)
        self.addCleanup(sys.modules.pop, self.qualified, None)
        self.loader = modules.ModuleLoader()
        self.logs = LogCapture(self)
        saved_path = list(sys.path)  # the DataKit loader appends the script's folder
        self.addCleanup(setattr, sys, 'path', saved_path)
        write(self.path, 'VERSION = 1\n')

    def edit(self, version):
        write(self.path, 'VERSION = {0}\n'.format(version))

    def test_the_same_revision_keeps_the_imported_module(self):
        first = self.loader.load(self.name, self.path, 'r1')
        self.edit(2)
        again = self.loader.load(self.name, self.path, 'r1')
        self.assertIs(again, first)
        self.assertEqual(again.VERSION, 1)

    def test_no_revision_imports_once_per_path(self):
        first = self.loader.load(self.name, self.path)
        self.edit(2)
        self.assertIs(self.loader.load(self.name, self.path, ''), first)
        self.assertEqual(first.VERSION, 1)

    def test_a_new_revision_imports_the_edited_file_as_a_fresh_module(self):
        old = self.loader.load(self.name, self.path, 'r1')
        self.edit(2)
        new = self.loader.load(self.name, self.path, 'r2')
        self.assertIsNot(new, old)
        self.assertEqual(new.VERSION, 2)
        self.assertIs(sys.modules[self.qualified], new)
        self.assertEqual(old.VERSION, 1)  # what was built from the old import keeps it
        self.assertTrue(self.logs.has('DEBUG', 'imported', self.path, 'again (revision r2)'), self.logs.records)

    def test_no_revision_takes_the_latest_import(self):
        self.loader.load(self.name, self.path, 'r1')
        self.edit(2)
        latest = self.loader.load(self.name, self.path, 'r2')
        self.assertIs(self.loader.load(self.name, self.path), latest)

    def test_a_module_imported_without_a_revision_is_imported_again_when_one_is_named(self):
        first = self.loader.load(self.name, self.path)
        self.edit(2)
        self.assertEqual(self.loader.load(self.name, self.path, 'r1').VERSION, 2)
        self.assertEqual(first.VERSION, 1)

    def test_a_failed_import_of_a_new_revision_keeps_the_old_module_and_is_tried_again(self):
        old = self.loader.load(self.name, self.path, 'r1')
        write(self.path, 'VERSION = (\n')
        with self.assertRaises(SyntaxError):
            self.loader.load(self.name, self.path, 'r2')
        self.assertIs(sys.modules[self.qualified], old)
        self.assertIs(self.loader.load(self.name, self.path, 'r1'), old)
        self.edit(3)
        self.assertEqual(self.loader.load(self.name, self.path, 'r2').VERSION, 3)

    def test_a_stale_bytecode_cache_does_not_bring_the_old_code_back(self):
        cached = importlib.util.cache_from_source(self.path)
        py_compile.compile(self.path, cfile=cached, doraise=True,
                           invalidation_mode=py_compile.PycInvalidationMode.TIMESTAMP)
        stat = os.stat(self.path)
        self.edit(7)  # same size, and the same mtime as the .pyc records: Python would trust the cache
        os.utime(self.path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
        plain_name = 'stale_probe_{0}'.format(next(_names))
        self.addCleanup(sys.modules.pop, plain_name, None)
        self.assertEqual(modules.import_file(plain_name, self.path).VERSION, 1,
                         'the cache is stale, as this test means it to be')

        self.assertEqual(self.loader.load(self.name, self.path, 'r1').VERSION, 7)

    def test_a_replaced_datakit_script_leaves_sys_modules(self):
        loader = script_loader()
        old = loader.load('demo', self.path, 'r1')
        self.addCleanup(sys.modules.pop, old.__name__, None)
        self.edit(2)
        new = loader.load('demo', self.path, 'r2')
        self.addCleanup(sys.modules.pop, new.__name__, None)
        self.assertTrue(new.__name__.startswith(SCRIPT_PREFIX))
        self.assertIs(sys.modules[new.__name__], new)
        self.assertNotIn(old.__name__, sys.modules)
        self.assertEqual((old.VERSION, new.VERSION), (1, 2))


class WorkerRevisionTest(WorkerTestCase):
    """Through a real worker: the jobs of one module, checked with different revisions."""

    def setUp(self):
        WorkerTestCase.setUp(self)
        self.folder = temp_dir(self)
        self.client = self.start_worker()

    def version_of(self, job):
        reply = self.client.collect(job)
        self.assertTrue(reply['ok'], reply)
        return reply['charts'][0]['values'][0][1]

    def test_python_d_jobs_checked_with_a_new_revision_run_the_edited_module_and_the_others_keep_theirs(self):
        path = os.path.join(self.folder, 'versioned.chart.py')
        write(path, PYTHON_D_MODULE.format(1))
        self.client.load('versioned/old', 'versioned', path=path, revision='r1')
        write(path, PYTHON_D_MODULE.format(2))
        self.client.load('versioned/same', 'versioned', path=path, revision='r1')
        self.client.load('versioned/new', 'versioned', path=path, revision='r2')

        self.assertEqual(self.version_of('versioned/same'), 1)
        self.assertEqual(self.version_of('versioned/new'), 2)
        self.assertEqual(self.version_of('versioned/old'), 1)
        self.assertIsNone(self.client.proc.poll())

    def test_datakit_jobs_checked_with_a_new_revision_run_the_edited_script_and_the_others_keep_theirs(self):
        path = os.path.join(self.folder, 'versioned.py')

        def load(job, revision):
            reply = self.client.call('check', job=job, kind='pythond', module='versioned', path=path,
                                     job_name='Versioned', config={}, defaults={}, revision=revision)
            self.assertTrue(reply['ok'] and reply['passed'], reply)

        def version(job):
            reply = self.client.collect(job)
            self.assertTrue(reply['ok'], reply)
            return reply['batches'][0]['points'][0]['fields']['version']

        write(path, DATAKIT_SCRIPT.format(1))
        load('versioned/old', 'r1')
        write(path, DATAKIT_SCRIPT.format(2))
        load('versioned/same', 'r1')
        load('versioned/new', 'r2')

        self.assertEqual(version('versioned/same'), 1)
        self.assertEqual(version('versioned/new'), 2)
        self.assertEqual(version('versioned/old'), 1)

    def test_a_revision_that_is_not_text_is_refused(self):
        reply = self.client.check('versioned/j', 'versioned', path=os.path.join(self.folder, 'none.chart.py'),
                                  revision={'a': 1})
        self.assertIs(reply['ok'], False)
        self.assertEqual(reply['error'], "'revision' must be a string")


if __name__ == '__main__':
    unittest.main()
