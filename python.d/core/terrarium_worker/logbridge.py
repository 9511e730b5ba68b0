# -*- coding: utf-8 -*-
"""Routes the framework's log records (``self.error(...)`` and the worker's own) into protocol messages."""

from bases import loggers


def install(channel, debug, trace):
    """From now on every record becomes a ``log`` message on ``channel``.

    DEBUG records are dropped unless ``debug``; ERROR and CRITICAL records carry the traceback of the
    exception being handled only with ``trace``.
    """

    def send_record(level, module, job, message, traceback_text):
        record = {'type': 'log', 'level': level, 'module': module, 'job': job, 'message': message}
        if traceback_text:
            record['traceback'] = traceback_text
        try:
            channel.send(record)
        except (TypeError, ValueError):
            pass  # cannot happen with str fields; a log line must never take a job down

    loggers.route_records(send_record, debug=debug, tracebacks=trace)


def worker_log(level, message, module='', job=''):
    """A record of the worker itself (``module``/``job`` name what it is about, when anything)."""
    loggers.emit(level, module, job, message)
