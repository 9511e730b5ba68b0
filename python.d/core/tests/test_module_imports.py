# -*- coding: utf-8 -*-
"""What modules import besides the services: python_modules next to a module, bases.loaders, and
MySQLService's driver requirement."""

import importlib
import os
import sys
import unittest

from .peers import LogCapture, temp_dir, unused_tcp_port
from .worker_client import CORE, STOCK_MODULES, WorkerTestCase

PROBE_MODULE = '''
import os
import bases
from bases.FrameworkServices.SimpleService import SimpleService
from third_party import terrarium_probe


class Service(SimpleService):
    def check(self):
        ours = os.path.join(self.configuration['core'], 'bases')
        if os.path.dirname(os.path.abspath(bases.__file__)) != ours:
            raise RuntimeError('bases came from ' + bases.__file__)
        return terrarium_probe.VALUE == 42
'''


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w') as handle:
        handle.write(text)


class PythonModulesPathTest(WorkerTestCase):

    def test_third_party_comes_from_the_sibling_python_modules_and_bases_stays_ours(self):
        folder = temp_dir(self)
        write(os.path.join(folder, 'probe.chart.py'), PROBE_MODULE)
        packages = os.path.join(folder, 'python_modules')
        write(os.path.join(packages, 'third_party', '__init__.py'), '')
        write(os.path.join(packages, 'third_party', 'terrarium_probe.py'), 'VALUE = 42\n')
        write(os.path.join(packages, 'bases', '__init__.py'), 'raise ImportError("the decoy bases was imported")\n')
        client = self.start_worker()
        reply = client.check('probe/probe', 'probe', path=os.path.join(folder, 'probe.chart.py'),
                             config={'core': CORE})
        self.assertEqual((reply['ok'], reply.get('passed')), (True, True), reply)

    def test_without_python_modules_beside_it_third_party_is_not_found(self):
        folder = temp_dir(self)
        write(os.path.join(folder, 'probe.chart.py'), PROBE_MODULE)
        client = self.start_worker()
        reply = client.check('probe/probe', 'probe', path=os.path.join(folder, 'probe.chart.py'),
                             config={'core': CORE})
        self.assertFalse(reply['ok'])
        self.assertIn("No module named 'third_party'", reply['error'])

    @unittest.skipUnless(os.path.isdir(os.path.join(STOCK_MODULES, 'python_modules', 'third_party')) and
                         os.path.isfile(os.path.join(STOCK_MODULES, 'boinc.chart.py')),
                         "needs Netdata's stock python_modules")
    def test_a_stock_module_importing_third_party_loads(self):
        client = self.start_worker()
        reply = client.check('boinc/local', 'boinc', path=os.path.join(STOCK_MODULES, 'boinc.chart.py'),
                             job_name='local', config={'host': '127.0.0.1', 'port': unused_tcp_port()})
        self.assertTrue(reply['ok'], reply)  # imported; the check itself fails, there is no BOINC client


class LoadersTest(unittest.TestCase):

    def test_load_yaml_keeps_mapping_order_and_load_config_reads_a_file(self):
        from bases.loaders import load_config, load_yaml
        self.assertEqual(list(load_yaml('zeta: 1\nalpha: {b: 2, a: [1, 2]}\n')), ['zeta', 'alpha'])
        path = os.path.join(temp_dir(self), 'job.conf')
        with open(path, 'w') as handle:
            handle.write('local:\n  url: http://localhost/\n  header: {X-A: b}\n')
        self.assertEqual(load_config(path), {'local': {'url': 'http://localhost/', 'header': {'X-A': 'b'}}})

    def test_load_yaml_refuses_unsafe_tags(self):
        import yaml
        from bases.loaders import load_yaml
        with self.assertRaises(yaml.YAMLError):
            load_yaml('!!python/object/apply:os.system ["true"]')


class BlockedImports(object):
    """Makes ``names`` unimportable (a None entry in sys.modules) and forgets ``fresh`` modules, restoring both."""

    def __init__(self, test_case, names, fresh):
        saved = dict((name, sys.modules.get(name)) for name in list(names) + list(fresh))
        for name in names:
            sys.modules[name] = None
        for name in fresh:
            sys.modules.pop(name, None)

        def restore():
            for name, module in saved.items():
                if module is None:
                    sys.modules.pop(name, None)
                else:
                    sys.modules[name] = module
        test_case.addCleanup(restore)


MYSQL_SERVICE = 'bases.FrameworkServices.MySQLService'


class MissingDependencyTest(unittest.TestCase):

    def test_without_a_mysql_driver_importing_mysql_service_names_both_drivers(self):
        BlockedImports(self, ['MySQLdb', 'pymysql'], [MYSQL_SERVICE])
        with self.assertRaises(ImportError) as raised:
            importlib.import_module(MYSQL_SERVICE)
        self.assertIn('pymysql', str(raised.exception))
        self.assertIn('MySQLdb', str(raised.exception))

    def test_without_urllib3_importing_url_service_says_so(self):
        BlockedImports(self, ['urllib3'], ['bases.FrameworkServices.UrlService'])
        with self.assertRaises(ImportError) as raised:
            importlib.import_module('bases.FrameworkServices.UrlService')
        self.assertIn('UrlService needs urllib3', str(raised.exception))

    def test_without_pyyaml_importing_loaders_says_so(self):
        BlockedImports(self, ['yaml'], ['bases.loaders'])
        with self.assertRaises(ImportError) as raised:
            importlib.import_module('bases.loaders')
        self.assertIn('needs PyYAML', str(raised.exception))


class MySQLServiceTest(unittest.TestCase):

    def test_with_a_driver_check_fails_with_a_clear_error_when_the_server_is_down(self):
        try:
            module = importlib.import_module(MYSQL_SERVICE)
        except ImportError:
            self.skipTest('no MySQL driver (python3-pymysql) in this interpreter')
        logs = LogCapture(self)

        class Service(module.MySQLService):
            def __init__(self, configuration=None, name=None):
                module.MySQLService.__init__(self, configuration=configuration, name=name)
                self.queries = {'version': 'SELECT VERSION()', 'bad': 'DROP TABLE x'}

            def _get_data(self):
                return self._get_raw_data()

        job = Service(configuration={'host': '127.0.0.1', 'port': unused_tcp_port(), 'user': 'u'}, name='job')
        self.assertFalse(job.check())
        self.assertTrue(logs.has('ERROR', 'query bad dropped'), logs.records)
        self.assertTrue(logs.has('ERROR', 'cannot connect to MySQL'), logs.records)


@unittest.skipUnless(os.path.isfile(os.path.join(STOCK_MODULES, 'proxysql.chart.py')), 'needs stock proxysql')
class MySQLStockModuleTest(WorkerTestCase):

    def test_proxysql_import_without_a_driver_fails_naming_the_driver(self):
        try:
            importlib.import_module(MYSQL_SERVICE)
        except ImportError:
            pass
        else:
            self.skipTest('this interpreter has a MySQL driver')
        client = self.start_worker()
        reply = client.check('proxysql/local', 'proxysql', path=os.path.join(STOCK_MODULES, 'proxysql.chart.py'),
                             job_name='local')
        self.assertFalse(reply['ok'])
        self.assertIn('ImportError: MySQLService needs a MySQL driver', reply['error'])


if __name__ == '__main__':
    unittest.main()
