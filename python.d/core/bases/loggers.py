# -*- coding: utf-8 -*-
"""Loggers of the python.d framework API (Terrarium's own implementation).

Jobs log through ``self.debug/info/warning/error/alert``. Records go to one process-wide route: by
default a python.d-style line on stderr; inside the Terrarium worker, a protocol ``log`` message (the
worker calls ``route_records``). Arguments are joined with spaces, like python.d does.
"""

import sys
import threading
import time
import traceback

DEBUG, INFO, WARNING, ERROR, CRITICAL = 'DEBUG', 'INFO', 'WARNING', 'ERROR', 'CRITICAL'
LOGGING_LEVELS = {CRITICAL: 50, ERROR: 40, WARNING: 30, INFO: 20, DEBUG: 10}

PYTHON_D_LOG_NAME = 'python.d'

# PythonDLimitedLogger: at most this many records per level per window, per logger instance.
LIMIT_RECORDS = 30
LIMIT_WINDOW_SECONDS = 60


def _stderr_handler(level, module, job, message, trace):
    origin = '{0}[{1}]'.format(module, job) if job else (module or 'plugin')
    line = '{0}: {1} {2}: {3} : {4}\n'.format(
        time.strftime('%Y-%m-%d %H:%M:%S'), PYTHON_D_LOG_NAME, level, origin, message)
    if trace:
        line += trace if trace.endswith('\n') else trace + '\n'
    try:
        sys.stderr.write(line)
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


class _Route(object):
    handler = staticmethod(_stderr_handler)
    debug = True
    tracebacks = False


def route_records(handler, debug=False, tracebacks=False):
    """Sends every record to ``handler(level, module, job, message, traceback_or_None)``.

    ``debug`` False drops DEBUG records before they are formatted; ``tracebacks`` True attaches the
    exception being handled (if any) to ERROR and CRITICAL records.
    """
    _Route.handler = staticmethod(handler)
    _Route.debug = debug
    _Route.tracebacks = tracebacks


def one_line(text):
    """A message as one line: its non-empty lines joined with a space."""
    if '\n' not in text and '\r' not in text:
        return text
    return ' '.join(part for part in text.splitlines() if part)


def emit(level, module, job, *msg):
    """Logs one record outside any job (the worker itself, or a module-level helper)."""
    _dispatch(level, module, job, msg)


def _dispatch(level, module, job, msg):
    if level == DEBUG and not _Route.debug:
        return
    message = one_line(' '.join(str(part) for part in msg))
    trace = None
    if _Route.tracebacks and LOGGING_LEVELS[level] >= LOGGING_LEVELS[ERROR]:
        exc_type, exc, tb = sys.exc_info()
        if exc_type is not None:
            trace = ''.join(traceback.format_exception(exc_type, exc, tb))
    _Route.handler(level, module or '', job or '', message, trace)


class PythonDLogger(object):
    """The logging half of a python.d job: records name the job's module and job.

    The origin is read at log time from ``module_name`` and ``job_name`` (SimpleService sets them after
    this constructor ran); ``log_traceback`` is accepted for compatibility, the worker's ``--trace`` decides.
    """

    def __init__(self, logger_name=PYTHON_D_LOG_NAME, **kwargs):
        self.logger_name = logger_name
        self.log_traceback = False

    def _log_origin(self):
        module = getattr(self, 'module_name', '') or ''
        job = getattr(self, 'job_name', '') or ''
        return str(module), str(job)

    def _log(self, level, msg):
        module, job = self._log_origin()
        _dispatch(level, module, job, msg)

    def debug(self, *msg):
        self._log(DEBUG, msg)

    def info(self, *msg):
        self._log(INFO, msg)

    def warning(self, *msg):
        self._log(WARNING, msg)

    def warn(self, *msg):
        # not in python.d's logger, but a stock module (pandas) calls it
        self._log(WARNING, msg)

    def error(self, *msg):
        self._log(ERROR, msg)

    def alert(self, *msg):
        self._log(CRITICAL, msg)

    def fatal(self, *msg):
        # python.d's fatal ends the plugin; a worker serves other jobs, so this only logs.
        self._log(CRITICAL, msg)


class PythonDLimitedLogger(PythonDLogger):
    """A PythonDLogger that lets through at most LIMIT_RECORDS records per level per LIMIT_WINDOW_SECONDS.

    DEBUG is not limited (it is off unless asked for). A job failing every second cannot flood the log.
    """

    def __init__(self, logger_name=PYTHON_D_LOG_NAME, **kwargs):
        PythonDLogger.__init__(self, logger_name, **kwargs)
        self._log_windows = {}
        self._log_windows_lock = threading.Lock()

    def _admit(self, level):
        now = time.monotonic()
        if '_log_windows' not in self.__dict__:  # a subclass that skipped our __init__
            self._log_windows, self._log_windows_lock = {}, threading.Lock()
        with self._log_windows_lock:
            started, count = self._log_windows.get(level, (now, 0))
            if now - started >= LIMIT_WINDOW_SECONDS:
                started, count = now, 0
            if count >= LIMIT_RECORDS:
                return False
            self._log_windows[level] = (started, count + 1)
            return True

    def _log(self, level, msg):
        if level == DEBUG or self._admit(level):
            PythonDLogger._log(self, level, msg)
