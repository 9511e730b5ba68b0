# -*- coding: utf-8 -*-
"""SocketService: a python.d job that talks to a server over a socket (Terrarium's own implementation).

The module sets defaults (``self.host``, ``self.port``, ``self.unix_socket``, ``self.request``,
``self._keep_alive``, ``self.dgram_socket``); ``_parse_config()`` (run by ``check()``) takes the job's keys
over them: ``socket`` (a unix socket path) or ``host`` + ``port``, ``request``, ``tls``, ``tls_verify``
(off: python.d never checks a socket's certificate), ``tls_ca_file``, ``tls_cert_file``, ``tls_key_file``,
and the ``connect_timeout``, ``read_timeout``, ``write_timeout`` seconds (2 each).

``_get_raw_data()`` connects when there is no connection, sends the request (nothing when it is empty),
reads until ``_check_raw_data(data)`` says the reply is complete (default: a read shorter than the buffer)
or the server closes, and disconnects unless ``_keep_alive``. A kept-alive connection that turns out dead is
reconnected once within the same call. Not thread-safe: one job, one thread at a time.
"""

import codecs
import errno
import socket

try:
    import ssl
except ImportError:  # an interpreter built without OpenSSL
    ssl = None

from bases.FrameworkServices.SimpleService import SimpleService

DEFAULT_CONNECT_TIMEOUT = 2.0
DEFAULT_READ_TIMEOUT = 2.0
DEFAULT_WRITE_TIMEOUT = 2.0
RECEIVE_BUFFER = 4096
DATAGRAM_BUFFER = 65535

_TRUE_WORDS = ('yes', 'true', 'on', '1')


def _flag(value):
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_WORDS
    return bool(value)


def _as_bytes(request):
    if request is None:
        return b''
    if isinstance(request, bytes):
        return request
    if isinstance(request, (bytearray, memoryview)):
        return bytes(request)
    return str(request).encode('utf-8')


class SocketService(SimpleService):

    def __init__(self, configuration=None, name=None):
        self._sock = None
        self._keep_alive = False
        self.host = 'localhost'
        self.port = None
        self.unix_socket = None
        self.dgram_socket = False
        self.request = ''
        self.tls = False
        self.tls_verify = False
        self.tls_ca_file = None
        self.cert = None
        self.key = None
        self._socket_address = None  # ((host, port, dgram), getaddrinfo() entry) that connected last
        self._socket_short_read = False  # the last recv() returned less than the buffer
        self._socket_quiet = False  # errors of a first try on a reused connection are only debug
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.connect_timeout = self._socket_timeout('connect_timeout', DEFAULT_CONNECT_TIMEOUT)
        self.read_timeout = self._socket_timeout('read_timeout', DEFAULT_READ_TIMEOUT)
        self.write_timeout = self._socket_timeout('write_timeout', DEFAULT_WRITE_TIMEOUT)

    def _socket_timeout(self, key, default):
        value = self.configuration.get(key)
        if value is None:
            return default
        try:
            timeout = float(value)
        except (TypeError, ValueError):
            timeout = -1.0
        if timeout <= 0:
            self.error('{0} must be a positive number of seconds, got {1!r}: using {2:g}'.format(key, value, default))
            return default
        return timeout

    # --- configuration ---

    def _parse_config(self):
        """Takes the job's keys over the module's defaults; leaves ``self.request`` as bytes."""
        conf = self.configuration
        if conf.get('socket'):
            self.unix_socket = str(conf['socket'])
        elif conf.get('host') or conf.get('port'):
            self.unix_socket = None
        if conf.get('host'):
            self.host = str(conf['host'])
        if conf.get('port') is not None:
            try:
                self.port = int(conf['port'])
            except (TypeError, ValueError):
                self.port = str(conf['port'])  # a service name, as ntpd's default 'ntp'

        self.tls = _flag(conf.get('tls', self.tls))
        if self.tls and ssl is None:
            self.error('tls asked for, but this Python has no ssl module: connecting without TLS')
            self.tls = False
        self.tls_verify = _flag(conf.get('tls_verify', self.tls_verify))
        self.tls_ca_file = conf.get('tls_ca_file', self.tls_ca_file)
        self.cert = conf.get('tls_cert_file', self.cert)
        self.key = conf.get('tls_key_file', self.key) if self.cert else None

        if conf.get('request') is not None:
            self.request = conf['request']
        self.request = _as_bytes(self.request)

    # --- logging ---

    def _socket_peer(self):
        if self.unix_socket:
            return 'unix socket {0}'.format(self.unix_socket)
        return '{0} port {1}'.format(self.host, self.port)

    def _socket_error(self, message):
        line = '{0}: {1}'.format(self._socket_peer(), message)
        if self._socket_quiet:
            self.debug(line)
        else:
            self.error(line)

    # --- connecting ---

    def _socket_tls_context(self):
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        if self.tls_verify:
            if self.tls_ca_file:
                context.load_verify_locations(cafile=self.tls_ca_file)
            else:
                context.load_default_certs()
        else:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        if self.cert:
            context.load_cert_chain(self.cert, self.key or None)
        return context

    def _socket_open(self, family, sock_type, proto, address):
        """A connected (and TLS-wrapped, with ``tls``) socket; raises OSError."""
        sock = socket.socket(family, sock_type, proto)
        try:
            sock.settimeout(self.connect_timeout)
            sock.connect(address)
            if self.tls and sock_type == socket.SOCK_STREAM:
                sock = self._socket_tls_context().wrap_socket(sock, server_hostname=self.host)
        except BaseException:
            sock.close()
            raise
        return sock

    def _socket_connect_unix(self):
        kinds = [socket.SOCK_DGRAM] if self.dgram_socket else [socket.SOCK_STREAM, socket.SOCK_DGRAM]
        failure = None
        for kind in kinds:
            try:
                return self._socket_open(socket.AF_UNIX, kind, 0, self.unix_socket)
            except (OSError, ValueError) as error:
                failure = failure or error  # the stream attempt's error is the telling one
        self._socket_error('cannot connect: {0}'.format(failure))
        return None

    def _socket_connect_inet(self):
        if self.port is None:
            self._socket_error('no port set (job key "port")')
            return None
        target = (self.host, self.port, self.dgram_socket)
        if self._socket_address is not None and self._socket_address[0] == target:
            candidates = [self._socket_address[1]]  # reused until it fails or the module changes the target
        else:
            kind = socket.SOCK_DGRAM if self.dgram_socket else socket.SOCK_STREAM
            try:
                candidates = socket.getaddrinfo(self.host, self.port, socket.AF_UNSPEC, kind)
            except (OSError, UnicodeError) as error:
                self._socket_error('cannot resolve: {0}'.format(error))
                return None
        failure = None
        for family, sock_type, proto, _, address in candidates:
            try:
                sock = self._socket_open(family, sock_type, proto, address)
            except (OSError, ValueError) as error:  # ssl.SSLError is an OSError
                failure = error
                continue
            self._socket_address = (target, (family, sock_type, proto, '', address))
            return sock
        self._socket_address = None
        self._socket_error('cannot connect: {0}'.format(failure))
        return None

    def _connect(self):
        """Opens ``self._sock`` (None after an error log); True when connected."""
        self._disconnect()
        try:
            if self.unix_socket:
                self._sock = self._socket_connect_unix()
            else:
                self._sock = self._socket_connect_inet()
        except Exception as error:  # a bad host/port type, a broken certificate file...
            self._socket_error('cannot connect: {0}: {1}'.format(type(error).__name__, error))
            self._sock = None
        if self._sock is not None:
            self.debug('connected to {0}'.format(self._socket_peer()))
        return self._sock is not None

    def _disconnect(self):
        sock, self._sock = self._sock, None
        if sock is None:
            return
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError as error:
            if error.errno not in (errno.ENOTCONN, None):
                self.debug('shutdown of the connection to {0}: {1}'.format(self._socket_peer(), error))
        try:
            sock.close()
        except OSError:
            pass

    # --- exchanging ---

    def _send(self, request=None):
        """Sends ``request`` (default ``self.request``; nothing when empty). False after an error."""
        payload = _as_bytes(request or self.request)
        if not payload:
            return True
        try:
            self._sock.settimeout(self.write_timeout)
            self._sock.sendall(payload)
        except (OSError, AttributeError) as error:
            self._socket_error('cannot send the request: {0}'.format(error))
            self._disconnect()
            return False
        return True

    def _receive(self, raw=False):
        """Reads the reply: text (UTF-8, bad bytes replaced) or, with ``raw``, bytes. Empty after an error."""
        size = DATAGRAM_BUFFER if self.dgram_socket else RECEIVE_BUFFER
        decoder = None if raw else codecs.getincrementaldecoder('utf-8')('replace')
        data = b'' if raw else ''
        while True:
            try:
                self._sock.settimeout(self.read_timeout)
                chunk = self._sock.recv(size)
            except socket.timeout:
                if data:
                    self.debug('{0}: read timed out; using the {1} characters that came'.format(
                        self._socket_peer(), len(data)))
                else:
                    self._socket_error('no reply within {0:g} s'.format(self.read_timeout))
                self._disconnect()
                break
            except (OSError, AttributeError) as error:
                self._socket_error('cannot read the reply: {0}'.format(error))
                self._disconnect()
                break
            if not chunk:
                if not data:
                    self._socket_error('connection closed without a reply')
                self._disconnect()
                break
            self._socket_short_read = len(chunk) < size
            data += chunk if raw else decoder.decode(chunk)
            if self._check_raw_data(data):
                break
        if decoder is not None:
            data += decoder.decode(b'', True)
        return data

    def _socket_exchange(self, raw, request):
        if self._sock is None and not self._connect():
            return None
        if not self._send(request):
            return None
        return self._receive(raw) or None

    def _get_raw_data(self, raw=False, request=None):
        """The server's reply to ``request`` (default ``self.request``) as text (bytes with ``raw``), or None."""
        data = None
        if self._sock is not None:  # a kept-alive connection: the server may have dropped it since
            self._socket_quiet = True
            try:
                data = self._socket_exchange(raw, request)
            finally:
                self._socket_quiet = False
            if data is None:
                self.debug('kept-alive connection to {0} failed: reconnecting'.format(self._socket_peer()))
                self._disconnect()
        if data is None:
            data = self._socket_exchange(raw, request)
        if not self._keep_alive:
            self._disconnect()
        return data

    def _release_resources(self):
        if getattr(self, '_sock', None) is not None:
            self._disconnect()
        super(SocketService, self)._release_resources()

    def _check_raw_data(self, data):
        """True when ``data`` is the whole reply. Modules override it; by default a short read ends it."""
        return self._socket_short_read

    def check(self):
        """Reads the job's keys, then the default check (``get_data()`` returns a non-empty dict)."""
        self._parse_config()
        return SimpleService.check(self)
