# -*- coding: utf-8 -*-
"""collect of DataKit pythond jobs: batches, times, value types, destinations, failures."""

import sys
import time

from .worker_client import WorkerTestCase

FIXTURES = 'fixtures'
RECORD = {'tags': {'t': 'v'}, 'fields': {'f': 1}}


def points(reply):
    return [p for batch in reply['batches'] for p in batch['points']]


class DataKitCollectTest(WorkerTestCase):

    def setUp(self):
        WorkerTestCase.setUp(self)
        self.client = self.start_worker()

    def collect(self, module, class_name):
        job = self.client.load_script(FIXTURES, module, class_name)
        reply = self.client.collect(job)
        self.assertEqual((reply['ok'], reply['job']), (True, job), reply)
        return reply

    # --- batches ---

    def test_report_with_every_key_gives_batches_in_m_l_o_co_e_r_order(self):
        reply = self.collect('all_keys', 'AllKeys')
        self.assertEqual([(b['category'], [p['measurement'] for p in b['points']]) for b in reply['batches']], [
            ('metric', ['metric', 'metric2']),
            ('logging', ['logging']),
            ('object', ['object']),
            ('custom_object', ['custom_object']),
            ('keyevent', ['event']),
            ('rum', ['rum']),
            ('logging', ['second_call']),  # the next report() call; its empty 'M' gives no batch
        ])
        self.assertEqual(set((b['input'], b['ignore_global_tags']) for b in reply['batches'][:6]),
                         {('everything', True)})
        self.assertEqual((reply['batches'][6]['input'], reply['batches'][6]['ignore_global_tags']),
                         ('all_keys', False))
        self.assertEqual(points(reply)[0], dict(RECORD, measurement='metric', time=points(reply)[0]['time']))

    def test_unknown_report_key_is_ignored_with_one_warning(self):
        job = self.client.load_script(FIXTURES, 'all_keys', 'AllKeys')
        self.client.collect(job)
        self.client.collect(job)
        self.assert_log(self.client, 'WARNING', "report() ignores key 'X'", module='all_keys', job='AllKeys')
        self.assertEqual(len([m for m in self.client.logs('WARNING') if "'X'" in m['message']]), 1)

    def test_input_defaults_to_the_class_name_attribute_then_the_class(self):
        reply = self.collect('all_keys', 'DefaultInput')
        self.assertEqual([(b['category'], b['input']) for b in reply['batches']],
                         [('metric', 'my_source'), ('logging', 'my_source')])
        logging_point = reply['batches'][1]['points'][0]
        self.assertEqual((logging_point['measurement'], logging_point['fields']), ('my_source', {'message': 'hello'}))
        self.assertEqual(self.collect('all_keys', 'NoName')['batches'][0]['input'], 'NoName')

    def test_records_reported_while_the_instance_is_built_come_with_the_first_run(self):
        job = self.client.load_script(FIXTURES, 'building', 'ReportsWhileBuilt')
        first = self.client.collect(job)
        self.assertEqual([(b['category'], b['points'][0]['measurement']) for b in first['batches']],
                         [('logging', 'startup'), ('metric', 'ran')])
        self.assertEqual([b['category'] for b in self.client.collect(job)['batches']], ['metric'])

    def test_event_keyword_arguments_are_options_or_extra_fields_that_never_override_df_fields(self):
        reply = self.collect('events', 'EventOptions')
        system, monitor = reply['batches']
        self.assertEqual((system['category'], system['input'], monitor['input']),
                         ('keyevent', 'alerts', 'EventOptions'))
        self.assertEqual(system['points'][0], {
            'measurement': 'measurement', 'tags': {}, 'time': 1624550216000000000,
            'fields': {'df_date_range': 10, 'df_source': 'system', 'df_status': 'ok', 'df_event_id': 'e1',
                       'df_title': 't', 'extra': 1}})
        self.assertEqual(monitor['points'][0]['fields'], {
            'df_date_range': 10, 'df_source': 'monitor', 'df_status': 'critical',
            'df_dimension_tags': '{"host":"web01","disk":"/"}'})

    # --- destination ---

    def test_address_given_to_the_constructor_becomes_the_destination(self):
        self.assertEqual(self.collect('address', 'CustomAddress')['batches'][0]['destination'],
                         'http://10.0.0.5:9999')

    def test_default_address_and_a_script_own_ip_and_port_attributes_give_no_destination(self):
        for class_name in ('ExplicitDefault', 'OwnPortAttribute'):
            self.assertIsNone(self.collect('address', class_name)['batches'][0]['destination'], class_name)

    # --- times ---

    def test_times_are_converted_to_nanoseconds_by_precision(self):
        reply = self.collect('times', 'Precisions')
        self.assertEqual(dict((p['measurement'], p['time']) for p in points(reply)), {
            'n': 1624550216123456789,
            'u': 1624550216123456000,
            'ms': 1624550216123000000,
            's': 1624550216000000000,
            'm': 1624550160000000000,
            'h': 1624546800000000000,
            'float_s': 1624550216123000000,  # exactly, not a float product's approximation
            'text_ms': 1624550216123000000,
            'default': 1624550216123456789,  # no precision: nanoseconds
            'datetime': 1624550216500000000,
            'feed_s': 1624550216000000000,
        })

    def test_unknown_precision_fails_the_run_naming_it(self):
        reply = self.collect('times', 'Unknown')
        self.assertEqual((reply['updated'], reply['batches']), (False, []))
        self.assert_log(self.client, 'ERROR',
                        "run() raised ValueError: precision 'days' is not one of n, u, ms, s, m, h")

    def test_records_without_time_get_the_time_the_run_started(self):
        job = self.client.load_script(FIXTURES, 'times', 'Stamped')
        before = time.time_ns()
        reply = self.client.collect(job)
        after = time.time_ns()
        times = [p['time'] for p in points(reply)]
        self.assertEqual(len(times), 3)
        self.assertEqual(len(set(times)), 1, times)  # one stamp, though the run slept between the reports
        self.assertTrue(before <= times[0] <= after, (before, times[0], after))
        self.assertLess(times[0], after - 40 * 10 ** 6)  # the start of the 50 ms run, not its end
        later = self.client.collect(job)
        self.assertGreater(points(later)[0]['time'], times[0])

    # --- values ---

    def test_int_float_bool_and_str_fields_keep_their_json_types(self):
        reply = self.collect('values', 'FieldTypes')
        fields = points(reply)[0]['fields']
        self.assertEqual(fields, {
            'int': 123, 'negative': -7, 'float': 3.4, 'integral_float': 3.0, 'true': True, 'false': False,
            'str': 'strval', 'empty': '', 'big': 2 ** 70, 'enum': 3, 'decimal': 2.5,
            'nan': None, 'inf': sys.float_info.max,  # JSON has neither: NaN is no value, infinity is clamped
            'none': None, 'list': [1, 'a'], 'dict': {'k': 1},  # passed on for validation to refuse
        })
        for name, kind in (('int', int), ('big', int), ('enum', int), ('float', float), ('integral_float', float),
                           ('decimal', float), ('true', bool), ('str', str)):
            self.assertIs(type(fields[name]), kind, name)
        raw = [line for line in self.client.raw_lines if b'"integral_float"' in line][0]
        for text in (b'"int":123,', b'"integral_float":3.0,', b'"true":true,', b'"big":1180591620717411303424,'):
            self.assertIn(text, raw)

    def test_tag_values_become_text(self):
        reply = self.collect('values', 'FieldTypes')
        self.assertEqual(points(reply)[0]['tags'], {'text': 'a', 'number': '5', 'flag': 'True'})

    def test_a_value_json_cannot_carry_fails_the_run_and_queues_nothing_of_that_report(self):
        reply = self.collect('values', 'Unsendable')
        self.assertEqual((reply['updated'], reply['batches']), (False, []))
        self.assert_log(self.client, 'ERROR', "run() raised TypeError: record 1 of 'M' field 'object' is a object")

    # --- failures ---

    def test_run_that_raises_after_a_report_is_not_updated_and_keeps_the_batch(self):
        reply = self.collect('failing', 'RaisesAfterReport')
        self.assertEqual((reply['ok'], reply['updated']), (True, False))
        self.assertEqual([(b['category'], b['input'], [p['measurement'] for p in b['points']])
                          for b in reply['batches']], [('metric', 'failing', ['before'])])
        log = self.assert_log(self.client, 'ERROR', 'run() raised RuntimeError: lost the connection',
                              module='failing', job='RaisesAfterReport')
        self.assertNotIn('traceback', log)

    def test_run_exception_carries_the_traceback_under_trace(self):
        client = self.start_worker('--trace')
        client.collect(client.load_script(FIXTURES, 'failing', 'RaisesAfterReport'))
        log = self.assert_log(client, 'ERROR', 'run() raised RuntimeError', job='RaisesAfterReport')
        self.assertIn('failing.py", line ', log['traceback'])
        self.assertIn('in run', log['traceback'])

    def test_record_that_cannot_be_converted_drops_only_its_report_call(self):
        reply = self.collect('failing', 'BadRecord')
        self.assertEqual(reply['updated'], False)
        self.assertEqual([p['measurement'] for p in points(reply)], ['fine'])
        self.assert_log(self.client, 'ERROR', "run() raised TypeError: record 2 of 'M' field must be a dict, got list")

    def test_run_that_exits_is_a_failed_reply_with_its_batches_and_the_worker_lives_on(self):
        job = self.client.load_script(FIXTURES, 'failing', 'ExitsAfterReport')
        reply = self.client.collect(job)
        self.assertEqual((reply['ok'], reply['error']), (False, 'run() raised SystemExit: 3'))
        self.assertEqual([p['measurement'] for p in points(reply)], ['before'])
        self.assertEqual(self.client.collect(job)['error'], 'run() raised SystemExit: 3')

    def test_class_that_does_not_override_run_is_not_updated(self):
        reply = self.collect('failing', 'NoRun')
        self.assertEqual((reply['updated'], reply['batches']), (False, []))
        self.assert_log(self.client, 'ERROR', 'run() raised NotImplementedError: NoRun must override run()')

    def test_check_arg_empty_raises_on_an_empty_argument_only(self):
        reply = self.collect('building', 'ChecksArguments')
        self.assertEqual(reply['updated'], False)
        self.assertEqual([p['measurement'] for p in points(reply)], ['checked'])
        self.assert_log(self.client, 'ERROR', 'run() raised ValueError: argument 2 is empty', job='ChecksArguments')
