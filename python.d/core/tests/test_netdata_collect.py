# -*- coding: utf-8 -*-
"""collect of python.d jobs: values, definitions, chart lifecycle, failures, concurrency."""

import time

from .worker_client import WorkerTestCase

TWO_CHARTS = {
    'order': ['main', 'extra'],
    'charts': {
        'main': {'options': [None, 'Main', 'n', 'f', 'scripted.main', 'line'], 'lines': [['a'], ['b']]},
        'extra': {'options': [None, 'Extra', 'n', 'f', 'scripted.extra', 'line'], 'lines': [['x']]},
    },
}


def scripted(*steps, **extra):
    config = {'steps': list(steps)}
    config.update(extra)
    return config


def chart(reply, chart_id):
    found = [c for c in reply['charts'] if c['id'] == chart_id]
    return found[0] if found else None


def dimensions(define):
    return dict((d['id'], d) for d in define['dimensions'])


class CollectTest(WorkerTestCase):

    def setUp(self):
        WorkerTestCase.setUp(self)
        self.client = self.start_worker()

    def load(self, config, job='scripted/s'):
        self.client.load(job, 'scripted', config=config)
        return job

    def test_get_data_that_raises_gives_ok_not_updated_and_an_error_log_naming_the_job(self):
        job = self.load(scripted({'data': {'a': 1}}, {'raise': 'no route to host'}))
        self.assertTrue(self.client.collect(job)['updated'])
        reply = self.client.collect(job)
        self.assertEqual((reply['ok'], reply['updated'], reply['charts']), (True, False, []))
        self.assert_log(self.client, 'ERROR', 'get_data() raised ValueError: no route to host',
                        module='scripted', job='s')

    def test_get_data_returning_nothing_or_not_a_dict_is_not_updated(self):
        job = self.load(scripted({'data': {'a': 1}}, {'data': None}, {'data': {}}, {'data': [1, 2]}))
        self.client.collect(job)
        for _ in range(3):
            reply = self.client.collect(job)
            self.assertEqual((reply['ok'], reply['updated'], reply['charts']), (True, False, []))

    def test_only_charts_that_got_a_value_are_sent(self):
        job = self.load(scripted({'data': {'a': 1}}, **TWO_CHARTS))
        reply = self.client.collect(job)
        self.assertEqual([c['id'] for c in reply['charts']], ['main'])

    def test_values_whose_int_fails_are_left_out(self):
        job = self.load(scripted({'data': {'a': 'abc', 'b': '12', 'c': 3.9, 'd': None, 'e': 'float:inf',
                                           'f': 'float:nan', 'g': [1], 'h': True}},
                                 charts={'main': {'options': [None, 't', 'u', 'f', 'c', 'line'],
                                                  'lines': [[d] for d in 'abcdefgh']}}))
        reply = self.client.collect(job)
        self.assertTrue(reply['updated'])
        self.assertEqual(reply['charts'][0]['values'], [['b', 12], ['c', 3], ['h', 1]])

    def test_a_chart_whose_values_all_fail_int_is_not_updated(self):
        job = self.load(scripted({'data': {'a': 'n/a', 'b': None}}))
        reply = self.client.collect(job)
        self.assertEqual((reply['updated'], reply['charts']), (False, []))

    def test_huge_integers_survive_as_json_integers(self):
        big, small = 2 ** 70 + 1, -(2 ** 65) - 3
        job = self.load(scripted({'data': {'a': big, 'b': small}}))
        self.assertEqual(self.client.collect(job)['charts'][0]['values'], [['a', big], ['b', small]])
        raw = [line for line in self.client.raw_lines if b'"values"' in line][0]
        self.assertIn(str(big).encode(), raw)

    def test_dimension_fields_follow_python_d_defaults_and_given_values(self):
        job = self.load(scripted({'data': {'a': 1, 'b': 2}}))
        dims = dimensions(self.client.collect(job)['charts'][0]['define'])
        self.assertEqual(dims['a'], {'id': 'a', 'name': 'a', 'algorithm': 'absolute', 'multiplier': 1,
                                     'divisor': 1, 'hidden': False, 'obsolete': False})
        self.assertEqual(dims['b'], {'id': 'b', 'name': 'bee', 'algorithm': 'incremental', 'multiplier': 8,
                                     'divisor': 1000, 'hidden': False, 'obsolete': False})

    def test_since_is_zero_after_a_run_where_the_chart_got_no_value(self):
        job = self.load(scripted({'data': {'a': 1, 'x': 1}}, {'data': {'a': 1}}, {'data': {'a': 1, 'x': 1}},
                                 **TWO_CHARTS))
        first, second, third = [self.client.collect(job, interval=777) for _ in range(3)]
        self.assertEqual((chart(first, 'extra')['since'], chart(second, 'extra')), (0, None))
        self.assertEqual(chart(third, 'extra')['since'], 0)
        self.assertEqual(chart(third, 'main')['since'], 777)

    def test_add_dimension_at_runtime_sends_the_definition_again(self):
        job = self.load(scripted({'data': {'a': 1}}, {'data': {'a': 2}},
                                 {'actions': [['add_dimension', 'main', ['c', 'Sea']]], 'data': {'a': 3, 'c': 4}},
                                 {'data': {'a': 5, 'c': 6}}))
        first, second, third, fourth = [self.client.collect(job)['charts'][0] for _ in range(4)]
        self.assertIn('define', first)
        self.assertNotIn('define', second)
        self.assertEqual([d['id'] for d in third['define']['dimensions']], ['a', 'b', 'c'])
        self.assertEqual(dimensions(third['define'])['c']['name'], 'Sea')
        self.assertEqual(third['values'], [['a', 3], ['c', 4]])
        self.assertNotIn('define', fourth)

    def test_adding_a_dimension_twice_raises_duplicate_item_error(self):
        job = self.load(scripted({'data': {'a': 1}}, {'actions': [['add_dimension', 'main', ['a']]],
                                                       'data': {'a': 2}}))
        self.client.collect(job)
        reply = self.client.collect(job)
        self.assertEqual((reply['ok'], reply['updated']), (True, False))
        self.assert_log(self.client, 'ERROR', 'get_data() raised DuplicateItemError', "'a'")

    def test_hide_dimension_and_its_reverse_redefine_the_chart(self):
        job = self.load(scripted({'data': {'a': 1, 'b': 1}},
                                 {'actions': [['hide_dimension', 'main', 'b']], 'data': {'a': 1, 'b': 1}},
                                 {'data': {'a': 1, 'b': 1}},
                                 {'actions': [['hide_dimension', 'main', 'b', True]], 'data': {'a': 1, 'b': 1}}))
        first, hidden, same, shown = [self.client.collect(job)['charts'][0] for _ in range(4)]
        self.assertIs(dimensions(first['define'])['b']['hidden'], False)
        self.assertIs(dimensions(hidden['define'])['b']['hidden'], True)
        self.assertIs(dimensions(hidden['define'])['a']['hidden'], False)
        self.assertNotIn('define', same)
        self.assertIs(dimensions(shown['define'])['b']['hidden'], False)

    def test_del_dimension_announces_it_once_as_hidden_obsolete_then_drops_it(self):
        job = self.load(scripted({'data': {'a': 1, 'b': 1}},
                                 {'actions': [['del_dimension', 'main', 'b']], 'data': {'a': 1, 'b': 1}},
                                 {'data': {'a': 1, 'b': 1}}))
        self.client.collect(job)
        deleted = self.client.collect(job)['charts'][0]
        self.assertEqual(dimensions(deleted['define'])['b']['obsolete'], True)
        self.assertEqual(dimensions(deleted['define'])['b']['hidden'], True)
        self.assertEqual(deleted['values'], [['a', 1]])
        after = self.client.collect(job)['charts'][0]
        self.assertNotIn('define', after)
        self.assertEqual(after['values'], [['a', 1]])

    def test_chart_cleanup_retires_a_chart_after_n_empty_runs_and_redefines_it_when_data_returns(self):
        job = self.load(scripted({'data': {'a': 1, 'x': 1}}, {'data': {'a': 1}}, {'data': {'a': 1}},
                                 {'data': {'a': 1}}, {'data': {'a': 1, 'x': 2}}, chart_cleanup=2, **TWO_CHARTS))
        runs = [self.client.collect(job) for _ in range(5)]
        self.assertEqual([[c['id'] for c in r['retired']] for r in runs], [[], [], ['extra'], [], []])
        retired = runs[2]['retired'][0]
        self.assertEqual(retired['options'], 'obsolete')
        self.assertEqual((retired['type'], retired['title']), ('scripted_s', 'Extra'))
        back = chart(runs[4], 'extra')
        self.assertEqual(back['define']['options'], '')
        self.assertEqual((back['since'], back['values']), (0, [['x', 2]]))
        self.assertTrue(all(chart(r, 'main')['since'] == 1000000 for r in runs[1:]))

    def test_chart_cleanup_zero_never_retires(self):
        job = self.load(scripted({'data': {'a': 1, 'x': 1}}, {'data': {'a': 1}}, chart_cleanup=0, **TWO_CHARTS))
        self.assertEqual([self.client.collect(job)['retired'] for _ in range(4)], [[], [], [], []])

    def test_obsolete_called_by_the_module_retires_the_chart(self):
        job = self.load(scripted({'data': {'a': 1, 'x': 1}},
                                 {'actions': [['obsolete', 'extra']], 'data': {'a': 1}},
                                 {'data': {'a': 1, 'x': 3}}, **TWO_CHARTS))
        self.client.collect(job)
        retired = self.client.collect(job)['retired']
        self.assertEqual([(c['id'], c['options']) for c in retired], [('extra', 'obsolete')])
        self.assertIn('define', chart(self.client.collect(job), 'extra'))

    def test_chart_obsoleted_and_deleted_in_one_update_is_still_retired(self):
        # gearman does this when a job disappears; python.d sends the obsolete CHART
        job = self.load(scripted({'data': {'a': 1, 'x': 1}},
                                 {'actions': [['obsolete', 'extra'], ['del_chart', 'extra']], 'data': {'a': 1}},
                                 {'data': {'a': 2}}, **TWO_CHARTS))
        self.client.collect(job)
        retired = self.client.collect(job)['retired']
        self.assertEqual([(c['id'], c['options']) for c in retired], [('extra', 'obsolete')])
        self.assertEqual(self.client.collect(job)['retired'], [])

    def test_obsolete_and_data_in_the_same_run_keeps_the_chart_and_sends_its_definition(self):
        job = self.load(scripted({'data': {'a': 1, 'x': 1}}, {'data': {'a': 1, 'x': 1}},
                                 {'actions': [['obsolete', 'extra']], 'data': {'a': 1, 'x': 2}}, **TWO_CHARTS))
        self.client.collect(job)
        self.assertNotIn('define', chart(self.client.collect(job), 'extra'))
        reply = self.client.collect(job)
        self.assertEqual(reply['retired'], [])
        self.assertEqual(chart(reply, 'extra')['define']['options'], '')

    def test_a_definition_changed_directly_by_the_module_is_sent_again(self):
        job = self.load(scripted({'data': {'a': 1}}, {'actions': [['set_param', 'main', 'title', 'New']],
                                                       'data': {'a': 1}}))
        self.client.collect(job)
        self.assertEqual(self.client.collect(job)['charts'][0]['define']['title'], 'New')

    def test_added_chart_gets_the_next_priority(self):
        job = self.load(scripted({'data': {'a': 1}},
                                 {'actions': [['add_chart', ['late', None, 'Late', 'n', 'f', 'c.late', 'line']],
                                              ['add_dimension', 'late', ['z']]],
                                  'data': {'a': 1, 'z': 9}}))
        self.client.collect(job)
        late = chart(self.client.collect(job), 'late')
        self.assertEqual((late['define']['priority'], late['values']), (60001, [['z', 9]]))

    def test_unicode_and_quotes_in_titles_pass_through_unchanged(self):
        title = 'Température \'single\' "double" \\ back ✓ 日本'
        job = self.load(scripted({'data': {'a': 1}}, charts={
            'main': {'options': ['disp\'name', title, '°C', 'fam"ily', 'ctx.main', 'stacked'],
                     'lines': [['a', 'naïve "a"']]}}))
        define = self.client.collect(job)['charts'][0]['define']
        self.assertEqual((define['name'], define['title'], define['units'], define['family']),
                         ('disp\'name', title, '°C', 'fam"ily'))
        self.assertEqual(define['dimensions'][0]['name'], 'naïve "a"')
        self.assertEqual(define['chart_type'], 'stacked')
        raw = [line for line in self.client.raw_lines if b'"define"' in line][0]
        self.assertIn('✓ 日本'.encode('utf-8'), raw)

    def test_runs_counter_counts_updates(self):
        job = self.load(scripted({'data': {'a': 1}}, {'data': {'a': 2}}, {'raise': 'x'}, {'data': {'a': 4}}))
        values = [self.client.collect(job)['charts'] for _ in range(4)]
        self.assertEqual([c[0]['values'] if c else None for c in values], [[['a', 1]], [['a', 2]], None,
                                                                          [['a', 4]]])

    def test_unknown_job_in_collect_is_not_ok(self):
        reply = self.client.collect('nobody/here')
        self.assertEqual((reply['ok'], reply['error'], reply['job']), (False, 'job not loaded', 'nobody/here'))

    def test_a_slow_job_does_not_delay_another_jobs_reply(self):
        slow = self.load(scripted({'data': {'a': 1}}, {'sleep': 1.5, 'data': {'a': 2}}), job='scripted/slow')
        fast = self.load(scripted({'data': {'a': 1}}), job='scripted/fast')
        self.client.collect(slow)
        sent = time.monotonic()
        request_id = self.client.send('collect', jobs=[{'job': slow, 'interval': 1}, {'job': fast, 'interval': 1}])
        fast_reply = self.client.reply(request_id, fast)
        slow_reply = self.client.reply(request_id, slow)
        self.assertLess(fast_reply['_at'] - sent, 0.5)
        self.assertGreaterEqual(slow_reply['_at'] - sent, 1.4)
        self.assertEqual((fast_reply['updated'], slow_reply['updated']), (True, True))
