# -*- coding: utf-8 -*-
"""Exceptions as the protocol reports them."""

import traceback


class ProtocolError(Exception):
    """A request the worker cannot act on (missing field, unknown op, unknown job...): reported as its message."""


def describe(error):
    """``<ExceptionType>: <message>`` on one line (the type alone when the message is empty)."""
    message = ' '.join(part for part in str(error).splitlines() if part)
    if isinstance(error, ProtocolError):
        return message
    name = type(error).__name__
    return '{0}: {1}'.format(name, message) if message else name


def trace_of(error):
    """The formatted traceback of ``error``."""
    return ''.join(traceback.format_exception(type(error), error, error.__traceback__))


def failure(error, trace, **fields):
    """An ``ok: false`` reply body for ``error``; with ``trace`` it carries the traceback."""
    body = {'ok': False, 'error': describe(error)}
    if trace and not isinstance(error, ProtocolError):
        body['traceback'] = trace_of(error)
    body.update(fields)
    return body

