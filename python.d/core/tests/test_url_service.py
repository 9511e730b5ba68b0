# -*- coding: utf-8 -*-
"""UrlService in-process against a real http.server on loopback (urllib3 of the interpreter running the tests)."""

import json
import time
import unittest
import warnings

import urllib3

from bases.FrameworkServices.UrlService import UrlService

from .peers import (HttpPeer, LogCapture, basic_auth_route, json_route, self_signed_certificate, slow_route,
                    temp_dir, unused_tcp_port)

DOCUMENT = {'requests': 7, 'errors': 1}


class JsonService(UrlService):
    """What a typical module does: GET self.url, parse JSON."""

    def _get_data(self):
        raw = self._get_raw_data()
        return json.loads(raw) if raw else None


class ServiceFactory(object):
    """Builds jobs and closes their connection pools when the test ends (idle keep-alive sockets)."""

    def service(self, **config):
        job = JsonService(configuration=dict(config), name='job')
        self.addCleanup(job._release_resources)
        return job


class UrlServiceTest(ServiceFactory, unittest.TestCase):

    def setUp(self):
        self.logs = LogCapture(self)
        self.peer = HttpPeer(self, {
            '/json': json_route(DOCUMENT),
            '/auth': basic_auth_route('ann', 's3cret', DOCUMENT),
            '/fail': (500, {}, 'internal trouble'),
            '/slow': slow_route(1.0, DOCUMENT),
            '/old': (302, {'Location': '/json'}, ''),
            '/echo': lambda r: json_route({'method': r.method, 'body': r.body.decode('utf-8'),
                                           'content_type': r.headers.get('Content-Type'),
                                           'token': r.headers.get('X-Token')}),
        })

    def test_get_raw_data_returns_the_body_of_a_200_as_text(self):
        job = self.service(url=self.peer.url('/json'))
        self.assertEqual(json.loads(job._get_raw_data()), DOCUMENT)

    def test_basic_auth_credentials_from_user_and_pass_are_sent(self):
        job = self.service(url=self.peer.url('/auth'), user='ann', **{'pass': 's3cret'})
        self.assertEqual(json.loads(job._get_raw_data()), DOCUMENT)

    def test_without_credentials_a_401_gives_none(self):
        job = self.service(url=self.peer.url('/auth'))
        self.assertIsNone(job._get_raw_data())
        self.assertEqual(len(self.peer.requests), 1)

    def test_method_header_and_a_mapping_body_are_sent_as_configured(self):
        job = self.service(url=self.peer.url('/echo'), method='POST', header={'X-Token': 'abc'}, body={'q': [1, 2]})
        echoed = json.loads(job._get_raw_data())
        self.assertEqual(echoed, {'method': 'POST', 'body': '{"q": [1, 2]}', 'content_type': 'application/json',
                                  'token': 'abc'})

    def test_a_configured_header_replaces_the_default_of_the_same_name_in_any_case(self):
        job = self.service(url=self.peer.url('/json'), header={'CONNECTION': 'close'})
        job._get_raw_data()
        self.assertEqual(self.peer.requests[0].headers.get_all('Connection'), ['close'])

    def test_a_500_gives_none_but_with_status_gives_the_status_and_body(self):
        job = self.service(url=self.peer.url('/fail'))
        self.assertIsNone(job._get_raw_data())
        self.assertEqual(job._get_raw_data_with_status(), (500, 'internal trouble'))

    def test_a_server_slower_than_timeout_gives_none_and_an_error_log(self):
        job = self.service(url=self.peer.url('/slow'), timeout=0.2)
        started = time.monotonic()
        self.assertIsNone(job._get_raw_data())
        self.assertLess(time.monotonic() - started, 0.9)
        self.assertTrue(self.logs.has('ERROR', '/slow', 'failed', 'timed out'), self.logs.records)

    def test_a_redirect_is_followed_unless_redirect_is_false(self):
        job = self.service(url=self.peer.url('/old'))
        self.assertEqual(json.loads(job._get_raw_data()), DOCUMENT)
        status, _ = job._get_raw_data_with_status(redirect=False)
        self.assertEqual(status, 302)

    def test_a_refused_connection_gives_none_and_an_error_log(self):
        job = self.service(url='http://127.0.0.1:{0}/json'.format(unused_tcp_port()))
        self.assertEqual(job._get_raw_data_with_status(), (None, None))
        self.assertIsNone(job._get_raw_data())
        self.assertTrue(self.logs.has('ERROR', 'failed', 'NewConnectionError'), self.logs.records)

    def test_url_and_manager_arguments_override_the_job_settings(self):
        job = self.service(url=self.peer.url('/fail'))
        other = job._build_manager(user='ann', **{'pass': 's3cret'})
        self.addCleanup(other.clear)
        self.assertEqual(json.loads(job._get_raw_data(url=self.peer.url('/auth'), manager=other)), DOCUMENT)

    def test_requests_go_through_proxy_url_with_proxy_credentials(self):
        proxy = HttpPeer(self, {'/json': json_route({'via': 'proxy'})})
        target = 'http://terrarium.invalid/json'
        job = self.service(url=target, proxy_url=proxy.url(''), proxy_user='px', proxy_pass='pw')
        self.assertEqual(json.loads(job._get_raw_data()), {'via': 'proxy'})
        self.assertEqual(proxy.requests[0].path, target)
        self.assertEqual(proxy.requests[0].headers.get('Proxy-Authorization'), 'Basic cHg6cHc=')

    def test_retry_after_is_waited_for_only_when_respect_retry_after_header_is_set(self):
        answers, busy_left = [], [1]

        def busy_once(record):
            answers.append(record)
            if busy_left[0]:
                busy_left[0] -= 1
                return 503, {'Retry-After': '0'}, 'busy'
            return json_route(DOCUMENT)

        self.peer.routes['/busy'] = busy_once
        self.assertIsNone(self.service(url=self.peer.url('/busy'))._get_raw_data())
        self.assertEqual(len(answers), 1)
        busy_left[0] = 1
        respectful = self.service(url=self.peer.url('/busy'), respect_retry_after_header=True)
        self.assertEqual(json.loads(respectful._get_raw_data()), DOCUMENT)
        self.assertEqual(len(answers), 3)


class UrlServiceCheckTest(ServiceFactory, unittest.TestCase):

    def setUp(self):
        self.logs = LogCapture(self)
        self.peer = HttpPeer(self, {'/json': json_route(DOCUMENT),
                                    '/auth': basic_auth_route('ann', 's3cret', DOCUMENT)})

    def test_check_passes_when_get_data_returns_a_dict(self):
        job = self.service(url=self.peer.url('/json'))
        self.assertTrue(job.check())
        self.assertIsNotNone(job._manager)

    def test_check_fails_without_url(self):
        self.assertFalse(self.service().check())
        self.assertTrue(self.logs.has('ERROR', 'url is not set'), self.logs.records)

    def test_check_failure_names_the_last_http_status(self):
        self.assertFalse(self.service(url=self.peer.url('/auth')).check())
        self.assertTrue(self.logs.has('ERROR', 'no data from', 'HTTP 401'), self.logs.records)

    def test_check_fails_when_the_proxy_url_is_unusable(self):
        self.assertFalse(self.service(url=self.peer.url('/json'), proxy_url='gopher://127.0.0.1:1').check())
        self.assertTrue(self.logs.has('ERROR', 'cannot build the HTTP client'), self.logs.records)


class UrlServiceTlsTest(ServiceFactory, unittest.TestCase):

    def setUp(self):
        self.logs = LogCapture(self)
        # unittest turns warnings back on; the worker keeps this one off, as python.d does
        catcher = warnings.catch_warnings()
        catcher.__enter__()
        self.addCleanup(catcher.__exit__, None, None, None)
        warnings.simplefilter('ignore', urllib3.exceptions.InsecureRequestWarning)
        pair = self_signed_certificate(temp_dir(self))
        if pair is None:
            self.skipTest('needs the openssl tool to make a certificate')
        self.cert, _ = pair
        self.peer = HttpPeer(self, {'/json': json_route(DOCUMENT)}, tls=pair)

    def test_https_is_not_verified_by_default_as_in_python_d(self):
        self.assertEqual(json.loads(self.service(url=self.peer.url('/json'))._get_raw_data()), DOCUMENT)

    def test_tls_verify_rejects_an_unknown_certificate(self):
        self.assertIsNone(self.service(url=self.peer.url('/json'), tls_verify=True)._get_raw_data())
        self.assertTrue(self.logs.has('ERROR', 'SSL'), self.logs.records)

    def test_tls_ca_file_makes_the_certificate_trusted(self):
        job = self.service(url=self.peer.url('/json'), tls_ca_file=self.cert)
        self.assertEqual(json.loads(job._get_raw_data()), DOCUMENT)


if __name__ == '__main__':
    unittest.main()
