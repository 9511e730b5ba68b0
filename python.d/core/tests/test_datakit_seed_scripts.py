# -*- coding: utf-8 -*-
"""The scripts of DataKit's pythond documentation, unmodified, through a real worker.

tests/datakit/Demo/demo.py, events/sample.py and mytest/test.py are the doc's code blocks as they stand;
events/*_event.py and feeds/*.py are its commented-out examples uncommented, one call each, as a user would.
"""

import time

from .worker_client import WorkerTestCase

SEED_TAGS = {'t1': 'b', 't2': 'd'}
SEED_FIELDS = {'f1': 123, 'f2': 3.4, 'f3': 'strval'}
EXAMPLE_TAGS = {'tag1': 'val1', 'tag2': 'val2'}
CUSTOM_KEYS = {'custom_key1': 'custom_value1', 'custom_key2': 'custom_value2', 'custom_key3': 'custom_value3'}
EVENT_FIELDS = dict(CUSTOM_KEYS, df_date_range=10, df_status='info', df_event_id='event_id', df_title='title',
                    df_message='message')


class SeedScriptsTest(WorkerTestCase):

    def setUp(self):
        WorkerTestCase.setUp(self)
        self.client = self.start_worker()

    def collect_one_batch(self, folder, module, class_name):
        job = self.client.load_script(folder, module, class_name)
        before = time.time_ns()
        reply = self.client.collect(job)
        after = time.time_ns()
        self.assertEqual((reply['ok'], reply['updated'], reply['charts'], reply['retired']), (True, True, [], []))
        self.assertEqual(len(reply['batches']), 1, reply['batches'])
        batch = reply['batches'][0]
        for point in batch['points']:
            self.assertTrue(before <= point['time'] <= after, (before, point['time'], after))
        return batch

    def test_demo_reports_its_two_metric_records_and_its_print_goes_to_stderr(self):
        checked = self.client.check_script('Demo', 'demo', 'Demo')
        self.assertEqual((checked['ok'], checked['passed'], checked['full_name'], checked['settings']['update_every']),
                         (True, True, 'demo.Demo', 10))
        batch = self.collect_one_batch('Demo', 'demo', 'Demo')
        self.assertEqual((batch['category'], batch['input'], batch['ignore_global_tags'], batch['destination']),
                         ('metric', 'datakitpy', False, None))
        self.assertEqual([(p['measurement'], p['tags'], p['fields']) for p in batch['points']],
                         [('abc', SEED_TAGS, SEED_FIELDS), ('def', SEED_TAGS, SEED_FIELDS)])
        self.client.wait_for_stderr('Demo')

    def test_complete_example_named_test_py_runs(self):
        checked = self.client.check_script('mytest', 'test', 'MyTest')
        self.assertEqual(checked['full_name'], 'test.MyTest')
        batch = self.collect_one_batch('mytest', 'test', 'MyTest')
        self.assertEqual([p['measurement'] for p in batch['points']], ['abc', 'def'])
        self.assertEqual(batch['input'], 'datakitpy')
        self.client.wait_for_stderr('MyTest')

    def assert_event(self, batch, **own_fields):
        self.assertEqual((batch['category'], batch['input']), ('keyevent', 'Demo'))
        self.assertEqual(len(batch['points']), 1)
        point = batch['points'][0]
        self.assertEqual(point['measurement'], 'measurement')
        self.assertEqual(point['tags'], EXAMPLE_TAGS)
        self.assertEqual(point['fields'], dict(EVENT_FIELDS, **own_fields))

    def test_sample_reports_a_user_event(self):
        self.assert_event(self.collect_one_batch('events', 'sample', 'Demo'), df_source='user', df_user_id='user_id')

    def test_user_event_with_positional_arguments(self):
        self.assert_event(self.collect_one_batch('events', 'user_event', 'Demo'),
                          df_source='user', df_user_id='user_id')

    def test_monitor_event_carries_its_dimension_tags(self):
        self.assert_event(self.collect_one_batch('events', 'monitor_event', 'Demo'),
                          df_source='monitor', df_dimension_tags='{"host":"web01"}')

    def test_system_event_has_no_extra_field(self):
        self.assert_event(self.collect_one_batch('events', 'system_event', 'Demo'), df_source='system')

    def test_feed_metric_takes_extra_keyword_arguments_as_fields(self):
        batch = self.collect_one_batch('feeds', 'metric', 'Demo')
        self.assertEqual((batch['category'], batch['input']), ('metric', 'Demo'))
        self.assertEqual([(p['measurement'], p['tags'], p['fields']) for p in batch['points']],
                         [('mydata', EXAMPLE_TAGS, dict(CUSTOM_KEYS, custom_field1='val1', custom_field2=1000))])

    def test_feed_logging_uses_the_source_as_measurement_and_the_message_as_field(self):
        batch = self.collect_one_batch('feeds', 'logging', 'Demo')
        self.assertEqual((batch['category'], batch['input']), ('logging', 'Demo'))
        self.assertEqual([(p['measurement'], p['tags'], p['fields']) for p in batch['points']],
                         [('mydata', EXAMPLE_TAGS, dict(CUSTOM_KEYS, message='This is the message for testing'))])

    def test_feed_object_uses_the_class_as_measurement_and_the_name_as_tag(self):
        batch = self.collect_one_batch('feeds', 'object', 'Demo')
        self.assertEqual((batch['category'], batch['input']), ('object', 'Demo'))
        self.assertEqual([(p['measurement'], p['tags'], p['fields']) for p in batch['points']],
                         [('mydata', dict(EXAMPLE_TAGS, name='name'),
                           dict(CUSTOM_KEYS, custom_field1='val1', custom_field2=1000))])
