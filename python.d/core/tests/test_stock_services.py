# -*- coding: utf-8 -*-
"""Netdata's stock modules, unmodified, through a real worker against real fake peers: traefik
(UrlService), exim (ExecutableService), fail2ban (LogService), memcached (SocketService)."""

import os
import time
import unittest

from .peers import HttpPeer, MemcachedPeer, json_route, temp_dir, write_executable
from .worker_client import STOCK_MODULES, WorkerTestCase


def stock(module):
    return os.path.join(STOCK_MODULES, module + '.chart.py')


def needs_stock(module):
    return unittest.skipUnless(os.path.isfile(stock(module)), 'needs Netdata stock module ' + module)


def values_of(reply):
    """{chart id: {dimension: value}} of a collect reply."""
    return dict((chart['id'], dict(chart['values'])) for chart in reply['charts'])


class StockModuleTestCase(WorkerTestCase):

    def load_stock(self, client, module, job_name, config, override_name=None):
        job = '{0}/{1}'.format(module, job_name)
        checked = client.check(job, module, path=stock(module), job_name=job_name, override_name=override_name,
                               config=config)
        self.assertEqual((checked['ok'], checked['passed']), (True, True),
                         '{0}\nlogs: {1}'.format(checked, client.logs()))
        self.assertTrue(client.call('create', job=job)['ok'])
        return job, checked


TRAEFIK_HEALTH = {
    'pid': 1, 'uptime': '1m40s', 'uptime_sec': 100, 'time': '2024-01-01 00:00:00', 'unixtime': 1704067200,
    'status_code_count': {}, 'total_status_code_count': {'200': 10, '404': 2, '500': 1}, 'count': 0,
    'total_count': 13, 'total_response_time': '1.3s', 'total_response_time_sec': 1.3,
    'average_response_time': '100ms', 'average_response_time_sec': 0.1,
}


@needs_stock('traefik')
class TraefikTest(StockModuleTestCase):

    def test_traefik_reads_the_health_json_and_adds_a_dimension_per_status_code(self):
        peer = HttpPeer(self, {'/health': json_route(TRAEFIK_HEALTH)})
        client = self.start_worker()
        job, checked = self.load_stock(client, 'traefik', 'local', {'url': peer.url('/health')})
        self.assertEqual(checked['full_name'], 'traefik_local')
        values = values_of(client.collect(job, interval=0))
        self.assertEqual(values['requests'], {'total_count': 13})
        self.assertEqual(values['uptime'], {'uptime_sec': 100})
        self.assertEqual(values['response_statuses']['successful_requests'], 10)
        self.assertEqual(values['detailed_response_codes'], {'200': 10, '404': 2, '500': 1})
        self.assertEqual(peer.requests[-1].path, '/health')

    def test_traefik_check_fails_with_an_error_log_when_the_server_answers_500(self):
        peer = HttpPeer(self, {'/health': (500, {}, 'broken')})
        client = self.start_worker()
        checked = client.check('traefik/local', 'traefik', path=stock('traefik'), job_name='local',
                               config={'url': peer.url('/health')})
        self.assertEqual((checked['ok'], checked['passed']), (True, False))
        self.assert_log(client, 'ERROR', 'no data from', 'HTTP 500', module='traefik', job='local')


@needs_stock('exim')
class EximTest(StockModuleTestCase):

    def setUp(self):
        StockModuleTestCase.setUp(self)
        self.folder = temp_dir(self)
        write_executable(self.folder, 'exim', '[ "$1" = "-bpc" ] && echo 17\n')
        self.client = self.start_worker(PATH=self.folder + os.pathsep + os.environ.get('PATH', ''))

    def test_exim_runs_the_exim_it_finds_in_path_and_charts_the_queue(self):
        job, _ = self.load_stock(self.client, 'exim', 'local', {})
        self.assertEqual(values_of(self.client.collect(job, interval=0)), {'qemails': {'emails': 17}})

    def test_exim_job_command_with_a_pipe_is_refused(self):
        checked = self.client.check('exim/local', 'exim', path=stock('exim'), job_name='local',
                                    config={'command': 'exim -bpc | tee /tmp/x'})
        self.assertEqual((checked['ok'], checked['passed']), (True, False))
        self.assert_log(self.client, 'ERROR', 'refused', '|', module='exim', job='local')


FAIL2BAN_LINE = '2024-01-01 10:00:0{0},000 fail2ban.actions [1]: NOTICE  [sshd] {1} {2}\n'


@needs_stock('fail2ban')
class Fail2banTest(StockModuleTestCase):

    def test_fail2ban_counts_new_log_lines_only_and_follows_a_rotated_log(self):
        folder = temp_dir(self)
        log = os.path.join(folder, 'fail2ban.log')
        with open(os.path.join(folder, 'jail.local'), 'w') as handle:
            handle.write('[sshd]\nenabled = true\n')
        os.mkdir(os.path.join(folder, 'jail.d'))
        with open(log, 'w') as handle:  # history from before the job started: not counted
            handle.write(FAIL2BAN_LINE.format(0, 'Ban', '10.0.0.9'))
        client = self.start_worker()
        job, _ = self.load_stock(client, 'fail2ban', 'local', {
            'log_path': log, 'conf_path': os.path.join(folder, 'jail.local'),
            'conf_dir': os.path.join(folder, 'jail.d')})

        self.assertEqual(values_of(client.collect(job, interval=0))['jails_banned_ips'], {'sshd_in_jail': 0})
        with open(log, 'a') as handle:
            handle.write(FAIL2BAN_LINE.format(1, 'Found', '10.0.0.1') + FAIL2BAN_LINE.format(2, 'Found', '10.0.0.1')
                         + FAIL2BAN_LINE.format(3, 'Ban', '10.0.0.1'))
        values = values_of(client.collect(job))
        self.assertEqual(values['jails_failed_attempts'], {'sshd_failed_attempts': 2})
        self.assertEqual(values['jails_bans'], {'sshd': 1})
        self.assertEqual(values['jails_banned_ips'], {'sshd_in_jail': 1})

        os.rename(log, log + '.1')
        with open(log, 'w') as handle:
            handle.write(FAIL2BAN_LINE.format(4, 'Unban', '10.0.0.1'))
        self.assertEqual(values_of(client.collect(job))['jails_banned_ips'], {'sshd_in_jail': 0})


@needs_stock('memcached')
class MemcachedTest(StockModuleTestCase):

    def assert_memcached_values(self, values):
        self.assertEqual(values['cache'], {'avail': 67108864 - 1048576, 'used': 1048576})
        self.assertEqual(values['connections']['curr_connections'], 7)
        self.assertEqual(values['get'], {'get_hits': 100, 'get_misses': 20})

    def test_memcached_over_tcp_keeps_one_connection_for_its_stats(self):
        peer = MemcachedPeer(self, split_reply=True)
        client = self.start_worker()
        job, checked = self.load_stock(client, 'memcached', 'localipv4',
                                       {'name': 'local', 'host': '127.0.0.1', 'port': peer.port},
                                       override_name='local')
        self.assertEqual(checked['full_name'], 'memcached_local')
        self.assert_memcached_values(values_of(client.collect(job, interval=0)))
        self.assert_memcached_values(values_of(client.collect(job)))
        self.assertEqual(peer.commands, ['stats'] * 3)
        self.assertEqual(peer.connections, 1)

    def wait_for_hangups(self, peer, count):
        deadline = time.monotonic() + 2
        while peer.hangups < count and time.monotonic() < deadline:
            time.sleep(0.01)
        self.assertEqual(peer.hangups, count)

    def test_unloading_the_job_closes_its_kept_alive_connection(self):
        peer = MemcachedPeer(self)
        client = self.start_worker()
        job, _ = self.load_stock(client, 'memcached', 'localipv4', {'host': '127.0.0.1', 'port': peer.port})
        client.collect(job, interval=0)
        self.assertEqual(peer.hangups, 0)
        self.assertTrue(client.call('unload', job=job)['ok'])
        self.wait_for_hangups(peer, 1)

    def test_checking_the_job_again_closes_the_previous_instance_connection(self):
        peer = MemcachedPeer(self)
        client = self.start_worker()
        config = {'host': '127.0.0.1', 'port': peer.port}
        self.load_stock(client, 'memcached', 'localipv4', config)
        self.assertEqual(peer.hangups, 0)
        self.load_stock(client, 'memcached', 'localipv4', config)
        self.wait_for_hangups(peer, 1)
        self.assertEqual(peer.connections, 2)

    def test_memcached_over_a_unix_socket(self):
        path = os.path.join(temp_dir(self), 'memcached.sock')
        MemcachedPeer(self, unix_path=path)
        client = self.start_worker()
        job, _ = self.load_stock(client, 'memcached', 'socket', {'socket': path})
        self.assert_memcached_values(values_of(client.collect(job, interval=0)))


if __name__ == '__main__':
    unittest.main()
