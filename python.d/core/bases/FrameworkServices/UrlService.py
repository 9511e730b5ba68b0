# -*- coding: utf-8 -*-
"""UrlService: a python.d job that reads an HTTP(S) endpoint (Terrarium's own implementation).

Job keys: ``url``, ``user``/``pass`` (basic auth), ``proxy_url``, ``proxy_user``/``proxy_pass``, ``method``
(GET), ``header`` (a mapping), ``body``, ``timeout`` (seconds, 1), ``tls_verify``, ``tls_ca_file``,
``tls_key_file``, ``tls_cert_file``, ``respect_retry_after_header``. Requests go through urllib3 (1.26 and 2.x
both work); a module sets ``self.url`` and reads ``self._get_raw_data()`` in its ``_get_data()``.

Certificates of https URLs are checked only when ``tls_verify`` is true or ``tls_ca_file`` is set, as in
python.d. Not thread-safe: one job, one thread at a time.
"""

import json
import sys

try:
    import urllib3
except ImportError:
    raise ImportError('UrlService needs urllib3, which {0} cannot import '
                      '(install python3-urllib3 or `pip install urllib3`)'.format(sys.executable))

from bases.FrameworkServices.SimpleService import SimpleService

try:
    # unverified https is python.d's default; the warning would repeat on every request
    urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
except AttributeError:
    pass

DEFAULT_METHOD = 'GET'
DEFAULT_TIMEOUT = 1.0
SUCCESS_STATUS = 200  # python.d hands a module the body of a 200 only

_TRUE_WORDS = ('yes', 'true', 'on', '1')


def _flag(value):
    """A config switch as True, False, or None when it is not set."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_WORDS
    return bool(value)


def _describe(error):
    # MaxRetryError wraps the real cause (refused, timed out, ...) in a long message; the cause says it best
    cause = getattr(error, 'reason', None)
    if isinstance(cause, BaseException):
        error = cause
    return '{0}: {1}'.format(type(error).__name__, error)


def _charset(response):
    content_type = response.headers.get('Content-Type') or ''
    for part in content_type.split(';')[1:]:
        key, _, value = part.partition('=')
        if key.strip().lower() == 'charset' and value.strip():
            return value.strip().strip('"\'')
    return 'utf-8'


def merge_headers(base, extra):
    """``base`` updated with ``extra``; a name in ``extra`` replaces the same name in any letter case."""
    merged = dict(base)
    for name, value in (extra or {}).items():
        name = str(name)
        for existing in [key for key in merged if key.lower() == name.lower()]:
            del merged[existing]
        merged[name] = str(value)
    return merged


def response_text(response):
    """The body of a urllib3 response as text (its declared charset, else UTF-8; bad bytes replaced)."""
    data = response.data
    if isinstance(data, str):
        return data
    try:
        return data.decode(_charset(response), 'replace')
    except LookupError:  # a charset Python does not know
        return data.decode('utf-8', 'replace')


class UrlService(SimpleService):

    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        conf = self.configuration
        self.url = conf.get('url')
        self.user = conf.get('user')
        self.password = conf.get('pass')
        self.proxy_url = conf.get('proxy_url')
        self.proxy_user = conf.get('proxy_user')
        self.proxy_password = conf.get('proxy_pass')
        self.method = conf.get('method') or DEFAULT_METHOD
        self.header = conf.get('header')
        self.body = conf.get('body')
        self.request_timeout = self._url_timeout(conf.get('timeout'))
        self.respect_retry_after_header = conf.get('respect_retry_after_header')
        self.tls_verify = conf.get('tls_verify')
        self.tls_ca_file = conf.get('tls_ca_file')
        self.tls_key_file = conf.get('tls_key_file')
        self.tls_cert_file = conf.get('tls_cert_file')
        self._manager = None
        self._url_last_outcome = None  # what the last request got, for check()'s failure message
        self.debug('urllib3 version: {0}'.format(getattr(urllib3, '__version__', 'unknown')))

    def _url_timeout(self, value):
        if value is None:
            return DEFAULT_TIMEOUT
        try:
            timeout = float(value)
        except (TypeError, ValueError):
            timeout = -1.0
        if timeout <= 0:
            self.error('timeout must be a positive number of seconds, got {0!r}: using {1}'.format(
                value, DEFAULT_TIMEOUT))
            return DEFAULT_TIMEOUT
        return timeout

    # --- the connection pool ---

    def _url_headers(self, user, password, proxy_user, proxy_password, custom):
        """(request headers, proxy headers), or None after logging why they cannot be built."""
        auth = {}
        if user:
            auth['basic_auth'] = '{0}:{1}'.format(user, '' if password is None else password)
        headers = urllib3.make_headers(keep_alive=True, **auth)
        proxy_headers = {}
        if proxy_user:
            proxy_headers = urllib3.make_headers(
                proxy_basic_auth='{0}:{1}'.format(proxy_user, '' if proxy_password is None else proxy_password))
        if custom:
            if not isinstance(custom, dict):
                self.error('header must be a mapping of header names to values, got {0!r}'.format(custom))
                return None
            headers = merge_headers(headers, custom)
        return headers, proxy_headers

    def _url_tls_options(self, url):
        options = {}
        if self.tls_cert_file:
            options['cert_file'] = self.tls_cert_file
            if self.tls_key_file:  # without it, the key must be in the certificate file
                options['key_file'] = self.tls_key_file
        tls_verify = _flag(self.tls_verify)
        if self.tls_ca_file:
            verify = True
        elif tls_verify is None:  # python.d: https URLs go unverified unless asked for
            verify = not (isinstance(url, str) and url.lower().startswith('https'))
        else:
            verify = tls_verify
        if verify:
            options['cert_reqs'] = 'CERT_REQUIRED'
            if self.tls_ca_file:
                options['ca_certs'] = self.tls_ca_file
        else:
            options['cert_reqs'] = 'CERT_NONE'
        return options

    def _build_manager(self, **header_kw):
        """A urllib3 PoolManager (ProxyManager with ``proxy_url``) for this job, or None after an error log.

        ``header_kw`` may override ``user``, ``pass``, ``proxy_user``, ``proxy_pass``, ``header``,
        ``proxy_url`` and ``url`` (the URL only decides the TLS options).
        """
        built = self._url_headers(header_kw.get('user') or self.user,
                                  header_kw.get('pass') or self.password,
                                  header_kw.get('proxy_user') or self.proxy_user,
                                  header_kw.get('proxy_pass') or self.proxy_password,
                                  header_kw.get('header') or self.header)
        if built is None:
            return None
        headers, proxy_headers = built
        options = self._url_tls_options(header_kw.get('url') or self.url)
        proxy_url = header_kw['proxy_url'] if header_kw.get('proxy_url') else self.proxy_url
        try:
            if proxy_url:
                return urllib3.ProxyManager(proxy_url, headers=headers, proxy_headers=proxy_headers, **options)
            return urllib3.PoolManager(headers=headers, **options)
        except Exception as error:  # bad proxy scheme, unknown option: urllib3 raises several types
            self.error('cannot build the HTTP client: {0}'.format(_describe(error)))
            return None

    # --- requests ---

    def _url_body(self, kwargs, headers):
        body = kwargs.pop('body', None)
        if body is None:
            body = self.body
        if body is None or isinstance(body, bytes):
            return body
        if isinstance(body, (dict, list)):  # a YAML mapping or list in the job config: send it as JSON
            if not any(name.lower() == 'content-type' for name in headers):
                headers['Content-Type'] = 'application/json'
            return json.dumps(body).encode('utf-8')
        return str(body).encode('utf-8')

    def _url_request(self, url, manager, retries, redirect, kwargs):
        """The urllib3 response; raises what urllib3 raises."""
        url = url or self.url
        if manager is None:
            if self._manager is None:
                self._manager = self._build_manager()
                if self._manager is None:
                    raise ValueError('no HTTP client (see the error above)')
            manager = self._manager
        headers = merge_headers(manager.headers, kwargs.pop('headers', None))
        body = self._url_body(kwargs, headers)
        retry = urllib3.Retry(total=retries, raise_on_status=False,
                              respect_retry_after_header=bool(_flag(self.respect_retry_after_header)))
        self.debug('{0} {1}'.format(self.method, url))
        return manager.request(self.method, url, body=body, headers=headers, timeout=self.request_timeout,
                               retries=retry, redirect=redirect, **kwargs)

    def _get_raw_data(self, url=None, manager=None, **kwargs):
        """The body of a 200 response from ``url`` (default ``self.url``) as text, else None.

        A failed request is logged as an error; another status only at debug level (python.d does the same;
        ``check()`` names it when it fails). ``kwargs`` go to urllib3's ``request()``.
        """
        status, text = self._url_fetch(url, manager, 1, True, kwargs)
        if status is None or status == SUCCESS_STATUS:
            return text
        self.debug('{0} answered HTTP {1}'.format(url or self.url, status))
        return None

    def _get_raw_data_with_status(self, url=None, manager=None, retries=1, redirect=True, **kwargs):
        """(HTTP status, body text) of any response from ``url``, or (None, None) after logging the error."""
        return self._url_fetch(url, manager, retries, redirect, kwargs)

    def _url_fetch(self, url, manager, retries, redirect, kwargs):
        try:
            response = self._url_request(url, manager, retries, redirect, kwargs)
        except Exception as error:
            self._url_last_outcome = _describe(error)
            self.error('{0} {1} failed: {2}'.format(self.method, url or self.url, self._url_last_outcome))
            return None, None
        self._url_last_outcome = 'HTTP {0}'.format(response.status)
        return response.status, response_text(response)

    def _release_resources(self):
        manager, self._manager = getattr(self, '_manager', None), None
        if manager is not None:
            manager.clear()  # closes the pooled keep-alive connections
        super(UrlService, self)._release_resources()

    # --- check ---

    def check(self):
        """The job works when ``url`` is set and ``_get_data()`` returns a non-empty dict."""
        if not self.url or not isinstance(self.url, str):
            self.error('url is not set or not a string: {0!r}'.format(self.url))
            return False
        self._manager = self._build_manager()
        if self._manager is None:
            return False
        self._url_last_outcome = None
        try:
            data = self._get_data()
        except Exception as error:
            self.error('_get_data() raised {0} (url {1})'.format(_describe(error), self.url))
            return False
        if isinstance(data, dict) and data:
            return True
        outcome = ', last response: {0}'.format(self._url_last_outcome) if self._url_last_outcome else ''
        self.error('no data from {0}{1}'.format(self.url, outcome))
        return False
