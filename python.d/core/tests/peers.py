# -*- coding: utf-8 -*-
"""Real local peers for the framework service tests: an HTTP server, a memcached-speaking TCP/unix server,
fake executables in a temp folder, and a capture of framework log records.

Servers run on threads of the test process, bound to loopback (or a temp unix socket), and are shut down
by ``addCleanup``; nothing here mocks the code under test.
"""

import base64
import http.server
import json
import os
import shutil
import socket
import socketserver
import ssl
import subprocess
import stat
import tempfile
import threading
import time
import urllib.parse

from bases import loggers


# --- log capture ---

class LogCapture(object):
    """Routes framework log records into ``records`` ((level, module, job, message, traceback) tuples)."""

    def __init__(self, test_case, debug=True):
        self.records = []
        self._lock = threading.Lock()
        loggers.route_records(self._keep, debug=debug)
        test_case.addCleanup(loggers.route_records, loggers._stderr_handler, debug=True)

    def _keep(self, *record):
        with self._lock:
            self.records.append(record)

    def messages(self, level=None):
        with self._lock:
            return [r[3] for r in self.records if level is None or r[0] == level]

    def has(self, level, *fragments):
        return any(all(f in message for f in fragments) for message in self.messages(level))


# --- HTTP ---

class HttpRequestRecord(object):
    def __init__(self, method, path, headers, body):
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body


class _QuietHttpServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that gave up (the timeout tests) is expected


def _route_key(path):
    # a proxy gets absolute URIs ('http://host:port/path?q'); routes are keyed by '/path?q'
    if '://' in path:
        parts = urllib.parse.urlsplit(path)
        return parts.path + ('?' + parts.query if parts.query else '')
    return path


class HttpPeer(object):
    """An http.server on 127.0.0.1. ``routes`` maps a path to ``handler(record) -> (status, headers, body)``
    or to a (status, headers, body) tuple; ``requests`` records what arrived (absolute-URI paths included,
    so the same server can stand in for a proxy)."""

    def __init__(self, test_case, routes=None, tls=None):
        self.routes = dict(routes or {})
        self.scheme = 'https' if tls else 'http'
        self.requests = []
        peer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = 'HTTP/1.1'

            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get('Content-Length') or 0)
                body = self.rfile.read(length) if length else b''
                record = HttpRequestRecord(self.command, self.path, self.headers, body)  # case-insensitive
                peer.requests.append(record)
                route = peer.routes.get(_route_key(self.path))
                if route is None:
                    status, headers, payload = 404, {}, b'not found'
                else:
                    status, headers, payload = route(record) if callable(route) else route
                payload = payload.encode('utf-8') if isinstance(payload, str) else payload
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header('Content-Length', str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _serve

        self.server = _QuietHttpServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.05},
                                       daemon=True)
        self.thread.start()
        test_case.addCleanup(self.close)

    def url(self, path):
        return '{0}://127.0.0.1:{1}{2}'.format(self.scheme, self.port, path)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def json_route(document, status=200):
    return status, {'Content-Type': 'application/json'}, json.dumps(document)


def basic_auth_route(user, password, document):
    """A route that answers 401 unless the request has these basic-auth credentials."""
    expected = 'Basic ' + base64.b64encode('{0}:{1}'.format(user, password).encode('utf-8')).decode('ascii')

    def route(record):
        if record.headers.get('Authorization') != expected:
            return 401, {'WWW-Authenticate': 'Basic realm="test"'}, 'who are you?'
        return json_route(document)
    return route


def slow_route(seconds, document):
    def route(record):
        time.sleep(seconds)
        return json_route(document)
    return route


# --- memcached ---

MEMCACHED_STATS = [
    ('pid', '4242'), ('uptime', '1000'), ('curr_connections', '7'), ('total_connections', '99'),
    ('cmd_get', '120'), ('cmd_set', '30'), ('get_hits', '100'), ('get_misses', '20'),
    ('bytes_read', '5000'), ('bytes_written', '9000'), ('limit_maxbytes', '67108864'), ('bytes', '1048576'),
    ('curr_items', '12'), ('total_items', '40'), ('evictions', '0'), ('reclaimed', '0'),
]


def memcached_stats_reply(stats=MEMCACHED_STATS):
    return ''.join('STAT {0} {1}\r\n'.format(k, v) for k, v in stats).encode('ascii') + b'END\r\n'


class MemcachedPeer(object):
    """Answers memcached's ``stats`` (and ``quit``) on 127.0.0.1 TCP, or on a unix socket when ``unix_path``.

    ``split_reply`` sends the reply in small pieces with pauses (so it takes several reads);
    ``close_after_reply`` hangs up after each reply. Records the commands it got and counts connections.
    """

    def __init__(self, test_case, unix_path=None, split_reply=False, stats=MEMCACHED_STATS, tls=None,
                 close_after_reply=False):
        self.commands = []
        self.connections = 0
        self.hangups = 0  # connections the client closed
        self.reply = memcached_stats_reply(stats)
        peer = self

        context = None
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                peer.connections += 1
                if context is None:
                    self.converse(self.request)
                    return
                try:
                    wrapped = context.wrap_socket(self.request, server_side=True)
                except (OSError, ValueError):
                    return  # the client refused our certificate
                try:
                    self.converse(wrapped)
                finally:
                    wrapped.close()

            def converse(self, connection):
                buffered = b''
                while True:
                    try:
                        chunk = connection.recv(1024)
                    except OSError:
                        return
                    if not chunk:
                        peer.hangups += 1
                        return
                    buffered += chunk
                    while b'\r\n' in buffered:
                        line, buffered = buffered.split(b'\r\n', 1)
                        command = line.decode('ascii', 'replace')
                        peer.commands.append(command)
                        if command == 'quit':
                            return
                        if command == 'stats':
                            peer._send(connection, split_reply)
                            if close_after_reply:
                                return
                        else:
                            connection.sendall(b'ERROR\r\n')

        if unix_path:
            self.server = socketserver.ThreadingUnixStreamServer(unix_path, Handler)
            self.address = unix_path
        else:
            self.server = socketserver.ThreadingTCPServer(('127.0.0.1', 0), Handler)
            self.address = self.server.server_address
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.05},
                                       daemon=True)
        self.thread.start()
        test_case.addCleanup(self.close)

    @property
    def port(self):
        return self.address[1]

    def _send(self, connection, split):
        if not split:
            connection.sendall(self.reply)
            return
        for start in range(0, len(self.reply), 40):
            connection.sendall(self.reply[start:start + 40])
            time.sleep(0.01)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


class GreetingPeer(object):
    """On each TCP connection to 127.0.0.1: sends ``payload`` and closes (hddtemp's way), or with
    ``payload`` None accepts and stays silent."""

    def __init__(self, test_case, payload):
        self.connections = 0
        peer = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                peer.connections += 1
                if payload is None:
                    time.sleep(2)
                    return
                self.request.sendall(payload)

        self.server = socketserver.ThreadingTCPServer(('127.0.0.1', 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={'poll_interval': 0.05},
                                       daemon=True)
        self.thread.start()
        test_case.addCleanup(self.close)

    def close(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def unused_tcp_port():
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(('127.0.0.1', 0))
        return probe.getsockname()[1]


# --- files and executables ---

def temp_dir(test_case):
    folder = tempfile.mkdtemp(prefix='terrarium-test-')
    test_case.addCleanup(shutil.rmtree, folder, True)
    return folder


def self_signed_certificate(folder):
    """(certificate path, key path) for 127.0.0.1 and localhost, made by the openssl tool; None without it."""
    openssl = shutil.which('openssl')
    if not openssl:
        return None
    cert, key = os.path.join(folder, 'cert.pem'), os.path.join(folder, 'key.pem')
    subprocess.run([openssl, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
                    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
                    '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    return cert, key


def write_executable(folder, name, script):
    """A ``/bin/sh`` script called ``name`` in ``folder``; returns its path."""
    path = os.path.join(folder, name)
    with open(path, 'w') as handle:
        handle.write('#!/bin/sh\n' + script)
    os.chmod(path, os.stat(path).st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def pid_is_running(pid):
    """True while a process with this pid exists and is not a zombie."""
    try:
        with open('/proc/{0}/stat'.format(pid)) as handle:
            return handle.read().split(')')[-1].split()[0] != 'Z'
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
