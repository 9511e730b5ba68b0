# -*- coding: utf-8 -*-
"""check / create / unload of DataKit pythond jobs: loading, sys.path, failures, settings, both kinds at once."""

import os

from .worker_client import DATAKIT, WorkerTestCase, fixture

FIXTURES = 'fixtures'


class DataKitCheckTest(WorkerTestCase):

    def setUp(self):
        WorkerTestCase.setUp(self)
        self.client = self.start_worker()

    def measurements(self, job):
        reply = self.client.collect(job)
        self.assertTrue(reply['ok'], reply)
        return [p['measurement'] for batch in reply['batches'] for p in batch['points']]

    # --- interval ---

    def test_class_without_interval_runs_every_10_seconds(self):
        checked = self.client.check_script(FIXTURES, 'intervals', 'NoInterval')
        self.assertEqual((checked['ok'], checked['passed'], checked['settings']['update_every']), (True, True, 10))
        self.client.call('create', job='intervals/NoInterval')
        self.assertEqual(self.measurements('intervals/NoInterval'), ['ran'])

    def test_interval_that_is_not_a_positive_number_gives_10_and_a_warning(self):
        for class_name in ('BadInterval', 'NegativeInterval'):
            checked = self.client.check_script(FIXTURES, 'intervals', class_name)
            self.assertEqual((checked['passed'], checked['settings']['update_every']), (True, 10), class_name)
        self.assert_log(self.client, 'WARNING', "interval 'often' is not a positive number: running every 10 s",
                        module='intervals', job='BadInterval')
        self.assert_log(self.client, 'WARNING', 'interval -5 is not', job='NegativeInterval')

    def test_fractional_interval_is_rounded_up(self):
        self.assertEqual(self.client.check_script(FIXTURES, 'intervals', 'FractionalInterval')['settings'],
                         {'update_every': 3, 'priority': 60000, 'autodetection_retry': 0, 'chart_cleanup': 10,
                          'penalty': True})

    def test_interval_is_raised_to_min_update_every(self):
        checked = self.client.check_script('Demo', 'demo', 'Demo', min_update_every=30)
        self.assertEqual(checked['settings']['update_every'], 30)

    # --- failures ---

    def test_script_whose_import_fails_is_not_ok_and_other_scripts_of_the_worker_keep_working(self):
        before = self.client.load_script('Demo', 'demo', 'Demo')
        reply = self.client.check_script(FIXTURES, 'broken_import', 'Broken')
        self.assertIs(reply['ok'], False)
        self.assertTrue(reply['error'].startswith('import of '), reply['error'])
        self.assertIn("broken_import.py raised ModuleNotFoundError: No module named 'terrarium_no_such_dependency'",
                      reply['error'])
        self.assertEqual(reply['full_name'], 'broken_import.Broken')
        self.assertEqual(self.client.collect('broken_import/Broken')['error'], 'job not loaded')
        self.assertEqual(self.measurements(before), ['abc', 'def'])
        after = self.client.load_script(FIXTURES, 'intervals', 'NoInterval')
        self.assertEqual(self.measurements(after), ['ran'])

    def test_constructor_that_raises_is_not_ok_with_the_settings(self):
        reply = self.client.check_script(FIXTURES, 'building', 'RaisingConstructor')
        self.assertIs(reply['ok'], False)
        self.assertEqual(reply['error'], 'RaisingConstructor() raised ValueError: no configuration file')
        self.assertEqual(reply['settings']['update_every'], 10)
        self.assertEqual(self.client.call('create', job='building/RaisingConstructor')['error'], 'job not loaded')

    def test_missing_class_is_not_ok(self):
        reply = self.client.check_script(FIXTURES, 'building', 'Nowhere')
        self.assertIs(reply['ok'], False)
        self.assertTrue(reply['error'].endswith('building.py has no class Nowhere'), reply['error'])

    def test_class_that_does_not_inherit_data_kit_framework_is_not_ok(self):
        for name in ('NotAScript', 'NOT_A_CLASS', 'DataKitFramework'):
            reply = self.client.check_script(FIXTURES, 'building', name)
            self.assertIs(reply['ok'], False, name)
            self.assertIn('{0} in '.format(name), reply['error'])
            self.assertTrue(reply['error'].endswith('is not a subclass of DataKitFramework'), reply['error'])

    # --- loading ---

    def test_classes_of_one_script_share_one_import(self):
        for class_name in ('CustomAddress', 'ExplicitDefault', 'OwnPortAttribute'):
            self.client.load_script(FIXTURES, 'address', class_name)
        self.client.wait_for_stderr('address.py imported')
        self.assertEqual(sum(1 for line in self.client.stderr_lines if line == 'address.py imported'), 1)

    def test_script_named_like_a_stdlib_module_does_not_shadow_it_and_siblings_import(self):
        shadow = self.client.load_script(FIXTURES, 'statistics', 'Statistics')
        self.assertEqual(self.measurements(shadow), ['statistics_script'])
        user = self.client.load_script(FIXTURES, 'uses_stdlib', 'UsesStdlib')
        fields = self.client.collect(user)['batches'][0]['points'][0]['fields']
        self.assertEqual(fields, {'stdlib_median': 2, 'helper': 'from the sibling'})

    def test_script_one_level_down_imports_through_its_dirs_folder(self):
        checked = self.client.check_script('fixtures/pkg_root', 'pkg.deep', 'Deep')
        self.assertEqual((checked['ok'], checked['full_name']), (True, 'pkg.deep.Deep'), checked)
        reply = self.client.collect('pkg.deep/Deep')
        self.assertEqual(reply['batches'][0]['points'][0]['fields'], {'shared': 'from pkg.shared'})

    # --- lifecycle ---

    def test_unload_forgets_the_job(self):
        job = self.client.load_script('Demo', 'demo', 'Demo')
        self.assertIs(self.client.call('unload', job=job)['ok'], True)
        reply = self.client.collect(job)
        self.assertEqual((reply['ok'], reply['error']), (False, 'job not loaded'))

    def test_python_d_and_pythond_jobs_run_in_one_worker(self):
        self.client.load('scripted/s', 'scripted')
        script = self.client.load_script('Demo', 'demo', 'Demo')
        request_id = self.client.send('collect', jobs=[{'job': 'scripted/s', 'interval': 1000000},
                                                       {'job': script, 'interval': 10000000}])
        python_d = self.client.reply(request_id, 'scripted/s')
        pythond = self.client.reply(request_id, script)
        self.assertEqual((python_d['updated'], python_d['charts'][0]['id'], 'batches' in python_d),
                         (True, 'main', False))
        self.assertEqual((pythond['updated'], pythond['charts'], len(pythond['batches'])), (True, [], 1))

    def test_job_checked_again_as_the_other_kind_is_only_that_kind(self):
        self.client.call('check', job='same/key', kind='python.d', module='scripted',
                         path=fixture('scripted'), job_name='key', override_name=None, config={},
                         defaults={}, min_update_every=1)
        checked = self.client.call('check', job='same/key', kind='pythond', module='demo',
                                   path=os.path.join(DATAKIT, 'Demo', 'demo.py'), job_name='Demo', override_name=None,
                                   config={}, defaults={}, min_update_every=1)
        self.assertTrue(checked['passed'], checked)
        reply = self.client.collect('same/key')
        self.assertEqual(len(reply.get('batches', [])), 1, reply)
