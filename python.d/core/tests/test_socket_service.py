# -*- coding: utf-8 -*-
"""SocketService in-process against real servers on loopback TCP and on a unix socket."""

import os
import time
import unittest

from bases.FrameworkServices.SocketService import SocketService

from .peers import (GreetingPeer, LogCapture, MemcachedPeer, memcached_stats_reply, self_signed_certificate,
                    temp_dir, unused_tcp_port)

REPLY = memcached_stats_reply().decode('ascii')


class StatsService(SocketService):
    """memcached's way: ``stats``, the reply is complete at END."""

    def __init__(self, configuration=None, name=None):
        SocketService.__init__(self, configuration=configuration, name=name)
        self.host = '127.0.0.1'
        self.request = 'stats\r\n'

    def _check_raw_data(self, data):
        return data.endswith('END\r\n')

    def _get_data(self):
        reply = self._get_raw_data()
        return {'bytes': len(reply)} if reply else None


class DefaultEndService(SocketService):
    """Relies on the default end of a reply."""

    def __init__(self, configuration=None, name=None):
        SocketService.__init__(self, configuration=configuration, name=name)
        self.request = 'stats\r\n'


class ReadToCloseService(SocketService):
    """hddtemp's way: no request, the reply ends when the server closes."""

    @staticmethod
    def _check_raw_data(data):
        return False


def job(cls, **config):
    service = cls(configuration=dict(config), name='job')
    service._parse_config()
    return service


class SocketServiceTest(unittest.TestCase):

    def setUp(self):
        self.logs = LogCapture(self)

    def test_a_reply_in_several_reads_is_gathered_until_check_raw_data_says_it_is_complete(self):
        peer = MemcachedPeer(self, split_reply=True)
        self.assertEqual(job(StatsService, port=peer.port)._get_raw_data(), REPLY)

    def test_by_default_a_read_shorter_than_the_buffer_ends_the_reply(self):
        peer = MemcachedPeer(self)
        service = job(DefaultEndService, host='127.0.0.1', port=peer.port)
        self.assertEqual(service._get_raw_data(), REPLY)
        self.assertEqual(peer.commands, ['stats'])

    def test_by_default_a_read_that_fills_the_buffer_does_not_end_the_reply(self):
        many = [('stat_{0:04d}'.format(number), str(number)) for number in range(600)]
        peer = MemcachedPeer(self, stats=many)
        self.assertGreater(len(peer.reply), 2 * 4096)
        service = job(DefaultEndService, host='127.0.0.1', port=peer.port)
        self.assertEqual(service._get_raw_data(), peer.reply.decode('ascii'))

    def test_the_socket_key_connects_to_a_unix_socket(self):
        path = os.path.join(temp_dir(self), 'memcached.sock')
        MemcachedPeer(self, unix_path=path)
        self.assertEqual(job(StatsService, socket=path)._get_raw_data(), REPLY)

    def test_keep_alive_reuses_one_connection_and_otherwise_each_call_connects(self):
        peer = MemcachedPeer(self)
        kept = job(StatsService, port=peer.port)
        kept._keep_alive = True
        self.addCleanup(kept._release_resources)
        kept._get_raw_data()
        kept._get_raw_data()
        self.assertEqual(peer.connections, 1)
        fresh = job(StatsService, port=peer.port)
        fresh._get_raw_data()
        fresh._get_raw_data()
        self.assertEqual(peer.connections, 3)

    def test_a_kept_alive_connection_the_server_dropped_is_reconnected_in_the_same_call(self):
        peer = MemcachedPeer(self, close_after_reply=True)
        service = job(StatsService, port=peer.port)
        service._keep_alive = True
        self.addCleanup(service._release_resources)
        self.assertEqual(service._get_raw_data(), REPLY)
        time.sleep(0.05)  # the server hangs up
        self.assertEqual(service._get_raw_data(), REPLY)
        self.assertEqual(peer.connections, 2)
        self.assertEqual(self.logs.messages('ERROR'), [])

    def test_a_refused_connection_gives_none_and_an_error(self):
        port = unused_tcp_port()
        self.assertIsNone(job(StatsService, port=port)._get_raw_data())
        self.assertTrue(self.logs.has('ERROR', '127.0.0.1 port {0}'.format(port), 'cannot connect'),
                        self.logs.records)

    def test_a_silent_server_gives_none_after_read_timeout(self):
        peer = GreetingPeer(self, None)
        service = job(StatsService, port=peer.port, read_timeout=0.2)
        started = time.monotonic()
        self.assertIsNone(service._get_raw_data())
        self.assertLess(time.monotonic() - started, 1.5)
        self.assertTrue(self.logs.has('ERROR', 'no reply within 0.2 s'), self.logs.records)

    def test_with_no_request_the_reply_is_read_until_the_server_closes(self):
        peer = GreetingPeer(self, b'|/dev/sda|Disk|36|C|' * 300)
        service = job(ReadToCloseService, host='127.0.0.1', port=peer.port)
        self.assertEqual(service._get_raw_data(), '|/dev/sda|Disk|36|C|' * 300)

    def test_the_request_key_replaces_the_module_request_and_becomes_bytes(self):
        peer = MemcachedPeer(self)
        service = job(StatsService, port=peer.port, request='version\r\nstats\r\n')
        self.assertEqual(service.request, b'version\r\nstats\r\n')
        service._get_raw_data()
        self.assertEqual(peer.commands, ['version', 'stats'])

    def test_raw_returns_bytes_and_a_request_argument_overrides_self_request(self):
        peer = MemcachedPeer(self)
        service = job(DefaultEndService, host='127.0.0.1', port=peer.port, request='nonsense\r\n')
        self.assertEqual(service._get_raw_data(raw=True, request=b'stats\r\n'), REPLY.encode('ascii'))
        self.assertEqual(peer.commands, ['stats'])

    def test_check_runs_parse_config_then_get_data(self):
        peer = MemcachedPeer(self)
        service = StatsService(configuration={'port': peer.port}, name='job')
        self.assertTrue(service.check())
        self.assertFalse(StatsService(configuration={'port': unused_tcp_port()}, name='job').check())


class SocketServiceTlsTest(unittest.TestCase):

    def setUp(self):
        self.logs = LogCapture(self)
        pair = self_signed_certificate(temp_dir(self))
        if pair is None:
            self.skipTest('needs the openssl tool to make a certificate')
        self.cert = pair[0]
        self.peer = MemcachedPeer(self, tls=pair)

    def test_tls_connects_without_checking_the_certificate_by_default(self):
        self.assertEqual(job(StatsService, port=self.peer.port, tls=True)._get_raw_data(), REPLY)

    def test_tls_verify_refuses_an_unknown_certificate_and_accepts_it_with_tls_ca_file(self):
        self.assertIsNone(job(StatsService, port=self.peer.port, tls=True, tls_verify=True)._get_raw_data())
        self.assertTrue(self.logs.has('ERROR', 'CERTIFICATE_VERIFY_FAILED'), self.logs.records)
        trusted = job(StatsService, port=self.peer.port, tls=True, tls_verify=True, tls_ca_file=self.cert)
        self.assertEqual(trusted._get_raw_data(), REPLY)


if __name__ == '__main__':
    unittest.main()
