# -*- coding: utf-8 -*-
"""Netdata's stock example module, unmodified, with its stock job four_lines."""

import os
import unittest

from .worker_client import STOCK_MODULES, WorkerTestCase

EXAMPLE = os.path.join(STOCK_MODULES, 'example.chart.py')
# /usr/lib/netdata/conf.d/python.d/example.conf, job four_lines (its name already has _ for the space)
FOUR_LINES = {'name': 'Four Lines', 'update_every': 1, 'priority': 60000, 'penalty': True,
              'autodetection_retry': 0, 'num_lines': 4, 'lower': 0, 'upper': 100}
JOB = 'example/four_lines'

# What python.d.plugin 1.37.1 sends for this job:
# CHART example_Four_Lines.random '' 'A random number' 'random number' 'random' 'random' line 60000 1 ''
#   'python.d.plugin' 'example'
# CLABEL '_collect_job' 'four_lines' '0'
# DIMENSION 'random1' 'random1' absolute 1 1 ' '   (then random0, random2, random3 alike)
EXPECTED_CHART = {
    'type': 'example_Four_Lines', 'id': 'random', 'name': '', 'title': 'A random number',
    'units': 'random number', 'family': 'random', 'context': 'random', 'chart_type': 'line',
    'priority': 60000, 'update_every': 1, 'options': '', 'module': 'example',
    'labels': [['_collect_job', 'four_lines', 0]],
    'dimensions': [{'id': dim, 'name': dim, 'algorithm': 'absolute', 'multiplier': 1, 'divisor': 1,
                    'hidden': False, 'obsolete': False}
                   for dim in ('random1', 'random0', 'random2', 'random3')],
}


@unittest.skipUnless(os.path.isfile(EXAMPLE), 'needs Netdata python.d modules installed')
class ExampleModuleTest(WorkerTestCase):

    def setUp(self):
        WorkerTestCase.setUp(self)
        self.client = self.start_worker()

    def check_four_lines(self):
        return self.client.check(JOB, 'example', path=EXAMPLE, job_name='four_lines',
                                 override_name='Four_Lines', config=FOUR_LINES)

    def test_check_passes_with_python_d_job_name_and_effective_settings(self):
        reply = self.check_four_lines()
        self.assertEqual(reply['ok'], True)
        self.assertEqual(reply['passed'], True)
        self.assertEqual(reply['full_name'], 'example_Four_Lines')
        # priority 60000 comes from the job's config although the module has a global of 90000
        self.assertEqual(reply['settings'], {'update_every': 1, 'priority': 60000, 'autodetection_retry': 0,
                                             'chart_cleanup': 10, 'penalty': True})

    def test_create_succeeds(self):
        self.check_four_lines()
        reply = self.client.call('create', job=JOB)
        self.assertIs(reply['ok'], True)
        self.assertNotIn('error', reply)

    def test_first_collect_defines_the_chart_as_python_d_does(self):
        self.check_four_lines()
        self.client.call('create', job=JOB)
        reply = self.client.collect(JOB, interval=0)
        self.assertTrue(reply['ok'])
        self.assertTrue(reply['updated'])
        self.assertEqual(reply['retired'], [])
        self.assertEqual([chart['id'] for chart in reply['charts']], ['random'])
        chart = reply['charts'][0]
        self.assertEqual(chart['define'], EXPECTED_CHART)
        self.assertEqual(chart['since'], 0)
        self.assertEqual([dim for dim, _ in chart['values']], ['random1', 'random0', 'random2', 'random3'])
        for _, value in chart['values']:
            self.assertIsInstance(value, int)
            self.assertTrue(0 <= value <= 100)

    def test_later_collects_send_values_only_with_since_the_interval(self):
        self.check_four_lines()
        self.client.call('create', job=JOB)
        self.client.collect(JOB, interval=0)
        for interval in (1000123, 999876):
            chart = self.client.collect(JOB, interval=interval)['charts'][0]
            self.assertNotIn('define', chart)
            self.assertEqual(chart['since'], interval)
            self.assertEqual(len(chart['values']), 4)
