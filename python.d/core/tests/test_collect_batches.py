# -*- coding: utf-8 -*-
"""A collect's replies as protocol 2 sends them: together, values only, on threads that are not started per tick."""

import os
import time
import unittest

from .worker_client import WorkerTestCase


def threads_of(pid):
    return len(os.listdir('/proc/{0}/task'.format(pid)))


class CollectBatchTest(WorkerTestCase):

    def setUp(self):
        WorkerTestCase.setUp(self)
        # a busy machine may keep a quick job from its core long enough to be moved aside: not here
        self.client = self.start_worker('--aside-after=30')
        self.jobs = ['scripted/j{0}'.format(i) for i in range(30)]
        for job in self.jobs:
            self.client.load(job, 'scripted', config={'steps': [{'data': {'a': 1, 'b': 2}}]})

    def collect_all(self):
        request_id = self.client.send('collect', jobs=[{'job': job, 'interval': 1000000} for job in self.jobs])
        return request_id, self.client.wait_for(
            lambda m: m.get('type') == 'reply' and m.get('id') == request_id, what='reply {0}'.format(request_id))

    def test_a_check_asked_to_create_creates_the_job_when_it_passes(self):
        checked = self.client.check('scripted/both', 'scripted', config={'steps': [{'data': {'a': 1}}]}, create=True)
        self.assertEqual((checked['passed'], checked['created']), (True, True))
        self.assertTrue(self.client.collect('scripted/both')['updated'])

    def test_a_check_that_does_not_pass_creates_nothing(self):
        checked = self.client.check('scripted/no', 'scripted', config={'check': 'false'}, create=True)
        self.assertEqual((checked['passed'], 'created' in checked), (False, False))

    def test_quick_jobs_answer_in_one_message(self):
        request_id, message = self.collect_all()
        self.assertEqual(sorted(entry['job'] for entry in message['jobs']), sorted(self.jobs))
        time.sleep(0.2)
        self.assertEqual(len([m for m in self.client.messages if m.get('id') == request_id]), 1)

    def test_a_big_batch_answers_in_chunks(self):
        jobs = ['scripted/big{0}'.format(i) for i in range(1200)]
        for job in jobs:
            self.client.load(job, 'scripted', config={'steps': [{'data': {'a': 1}}]})
        request_id = self.client.send('collect', jobs=[{'job': job, 'interval': 1} for job in jobs])
        self.client.wait_for(lambda m: m.get('id') == request_id and any(e['job'] == jobs[-1] for e in m['jobs']),
                             timeout=30, what='the last job')
        sizes = [len(m['jobs']) for m in self.client.messages if m.get('id') == request_id]
        self.assertEqual((sizes, sum(sizes)), ([500, 500, 200], 1200))

    def test_definitions_go_once_then_values_only(self):
        first = self.collect_all()[1]
        second = self.collect_all()[1]
        self.assertTrue(all('define' in chart for entry in first['jobs'] for chart in entry['charts']))
        self.assertEqual([sorted(chart) for entry in second['jobs'] for chart in entry['charts']],
                         [['id', 'since', 'values']] * len(self.jobs))

    def test_ticks_start_no_threads(self):
        self.collect_all()
        before = threads_of(self.client.pid)
        for _ in range(20):
            self.collect_all()
        self.assertEqual(threads_of(self.client.pid), before)

    def test_a_hung_job_does_not_hold_back_the_others_values(self):
        self.client = self.start_worker()
        for job in self.jobs:
            self.client.load(job, 'scripted', config={'steps': [{'data': {'a': 1, 'b': 2}}]})
        self.client.load('scripted/hung', 'scripted', config={'steps': [{'data': {'a': 1}},
                                                                         {'sleep': 3, 'data': {'a': 1}}]})
        self.client.collect('scripted/hung')
        sent = time.monotonic()
        request_id = self.client.send('collect', jobs=[{'job': 'scripted/hung', 'interval': 1}]
                                      + [{'job': job, 'interval': 1} for job in self.jobs])
        others = self.client.wait_for(lambda m: m.get('type') == 'reply' and m.get('id') == request_id,
                                      what='the quick jobs reply')
        self.assertLess(others['_at'] - sent, 1.0)
        self.assertEqual(sorted(entry['job'] for entry in others['jobs']), sorted(self.jobs))
        hung = self.client.reply(request_id, 'scripted/hung', timeout=10)
        self.assertEqual(hung['ok'], True)
