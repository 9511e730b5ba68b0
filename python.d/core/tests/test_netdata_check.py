# -*- coding: utf-8 -*-
"""check / create / unload of python.d jobs: loading, failures, effective settings, naming."""

from .worker_client import WorkerTestCase

DEFAULTS = {'update_every': 1, 'priority': 60000, 'autodetection_retry': 7, 'chart_cleanup': 10,
            'penalty': True}


class CheckTest(WorkerTestCase):

    def setUp(self):
        WorkerTestCase.setUp(self)
        self.client = self.start_worker()

    def test_module_whose_import_fails_gives_not_ok_with_an_error_naming_the_step(self):
        reply = self.client.check('broken_import/broken_import', 'broken_import')
        self.assertIs(reply['ok'], False)
        self.assertTrue(reply['error'].startswith('import of '), reply['error'])
        self.assertIn('broken_import.chart.py raised ModuleNotFoundError: ', reply['error'])
        self.assertIn('terrarium_no_such_dependency', reply['error'])
        self.assertNotIn('settings', reply)
        self.assertEqual(self.client.collect('broken_import/broken_import')['error'], 'job not loaded')

    def test_check_that_raises_gives_not_ok_with_the_settings(self):
        reply = self.client.check('scripted/s', 'scripted', config={'check': 'raise'})
        self.assertIs(reply['ok'], False)
        self.assertEqual(reply['error'], 'check() raised RuntimeError: check exploded')
        self.assertEqual(reply['settings']['priority'], 60000)

    def test_check_returning_false_is_ok_not_passed_and_the_job_is_not_loaded(self):
        reply = self.client.check('scripted/s', 'scripted', config={'check': 'false'})
        self.assertIs(reply['ok'], True)
        self.assertIs(reply['passed'], False)
        self.assertEqual(self.client.call('create', job='scripted/s')['error'], 'job not loaded')

    def test_default_check_fails_when_get_data_returns_nothing(self):
        reply = self.client.check('scripted/s', 'scripted', config={'steps': [{'data': {}}]})
        self.assertIs(reply['passed'], False)

    def test_settings_take_config_then_module_globals_then_defaults(self):
        reply = self.client.check('withglobals/j', 'withglobals', config={'priority': 12345},
                                  defaults=DEFAULTS)
        self.assertEqual(reply['settings'], {
            'update_every': 5,          # module global
            'priority': 12345,          # config beats the module's 70000
            'autodetection_retry': 7,   # defaults: the module has no such global
            'chart_cleanup': 3,         # module global
            'penalty': False,           # module global
        })

    def test_update_every_is_raised_to_min_update_every(self):
        reply = self.client.check('withglobals/j', 'withglobals', config={'update_every': 2},
                                  min_update_every=4)
        self.assertEqual(reply['settings']['update_every'], 4)
        self.assert_log(self.client, 'INFO', 'received update_every=4 ')

    def test_service_gets_settings_and_framework_keys_are_taken_out_of_its_configuration(self):
        self.client.check('withglobals/j', 'withglobals', config={'priority': 12345, 'custom': 1})
        log = self.assert_log(self.client, 'INFO', 'received', module='withglobals', job='j')
        self.assertEqual(log['message'],
                         'received update_every=5 priority=12345 keys=autodetection_retry,custom')

    def test_charts_carry_the_settings_and_priority_rises_by_one_per_chart(self):
        self.client.load('withglobals/j', 'withglobals', config={'priority': 12345})
        charts = self.client.collect('withglobals/j')['charts']
        self.assertEqual([(c['id'], c['define']['priority'], c['define']['update_every'],
                           c['define']['chart_type']) for c in charts],
                         [('first', 12345, 5, 'line'), ('second', 12346, 5, 'area')])

    def test_full_name_follows_python_d_naming(self):
        cases = [
            (('job', None), 'scripted_job'),
            (('job', 'Nice_Name'), 'scripted_Nice_Name'),
            (('scripted', None), 'scripted'),
            (('job', 'scripted'), 'scripted'),
        ]
        for (job_name, override), expected in cases:
            reply = self.client.check('scripted/' + job_name, 'scripted', job_name=job_name,
                                      override_name=override)
            self.assertEqual(reply['full_name'], expected, (job_name, override))

    def test_chart_type_and_collect_job_label_come_from_the_job_names(self):
        self.client.load('scripted/some job', 'scripted', job_name='some_job', override_name='Shown_Name')
        define = self.client.collect('scripted/some job')['charts'][0]['define']
        self.assertEqual(define['type'], 'scripted_Shown_Name')
        self.assertEqual(define['labels'], [['_collect_job', 'some_job', 0]])
        self.assertEqual(define['module'], 'scripted')

    def test_a_second_check_replaces_the_job_and_its_charts_are_defined_again(self):
        self.client.load('scripted/s', 'scripted')
        self.assertIn('define', self.client.collect('scripted/s')['charts'][0])
        self.assertNotIn('define', self.client.collect('scripted/s')['charts'][0])
        self.client.load('scripted/s', 'scripted')
        chart = self.client.collect('scripted/s')['charts'][0]
        self.assertIn('define', chart)
        self.assertEqual(chart['since'], 0)

    def test_unload_forgets_the_job(self):
        self.client.load('scripted/s', 'scripted')
        self.assertIs(self.client.call('unload', job='scripted/s')['ok'], True)
        reply = self.client.collect('scripted/s')
        self.assertEqual((reply['ok'], reply['error'], reply['job']), (False, 'job not loaded', 'scripted/s'))

    def test_create_without_charts_is_not_ok(self):
        self.client.check('scripted/s', 'scripted', config={'order': []})
        reply = self.client.call('create', job='scripted/s')
        self.assertIs(reply['ok'], False)
        self.assertIn('create()', reply['error'])
