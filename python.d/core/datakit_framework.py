# -*- coding: utf-8 -*-
"""DataKit's pythond framework API (Terrarium's own implementation), for scripts that run unmodified.

A script subclasses ``DataKitFramework``, sets the class attributes ``name`` and ``interval`` and overrides
``run()``, which hands records to ``report()`` or to the ``feed_*`` helpers. Written from DataKit's pythond
documentation alone.

Nothing travels by HTTP here. Each ``report()`` call becomes one batch per category, kept with the instance
until the Terrarium worker collects them with the job's reply (docs/worker-protocol.md, "DataKit pythond
scripts"); the Java side validates them and writes them to DataKit. This module converts and never judges:
times become nanoseconds, values become what JSON can carry; whether a record is acceptable (event rules
included) is decided by the validation bundle.

Thread-safety: ``report()`` and the ``feed_*`` helpers may be called from any thread, also outside ``run()``
(those records go out with the next run's batches).
"""

import datetime
import decimal
import json
import math
import numbers
import sys
import threading
import time as _time
from collections.abc import Mapping

DEFAULT_IP = '127.0.0.1'
DEFAULT_PORT = 9529
DEFAULT_INTERVAL = 10
DEFAULT_PRECISION = 'n'

# report() keys, in the order their batches are returned, and DataKit's category for each
CATEGORIES = (('M', 'metric'), ('L', 'logging'), ('O', 'object'), ('CO', 'custom_object'), ('E', 'keyevent'),
              ('R', 'rum'))
OPTIONS = ('input', 'precision', 'ignore_global_tags', 'version')
EVENT_MEASUREMENT = 'measurement'  # DataKit's literal measurement of every event (sic)

NANOS_PER = {'n': 1, 'u': 10 ** 3, 'ms': 10 ** 6, 's': 10 ** 9, 'm': 60 * 10 ** 9, 'h': 3600 * 10 ** 9}

_TRUE_WORDS = ('true', 'yes', 'on', '1', 't', 'y')
_EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_STATE = '_datakit_framework_state'


class _State(object):
    """What the framework keeps per instance, apart from the script's own attributes (so that a script's
    ``self.ip`` or ``self.port``, say the address of what it monitors, never redirects its data)."""

    def __init__(self):
        self.address = (DEFAULT_IP, DEFAULT_PORT)
        self.module = ''  # for log lines, set by the worker
        self.job = ''
        self.lock = threading.Lock()
        self.batches = []  # guarded by lock
        self.run_started_ns = None  # guarded by lock; None between runs
        self.unknown_keys = set()  # guarded by lock; report() keys already warned about


def _state_of(instance):
    # Created on first use: a script may override __init__ without calling super().__init__().
    state = instance.__dict__.get(_STATE)
    if state is None:
        state = instance.__dict__.setdefault(_STATE, _State())
    return state


# --- the worker's side (not for scripts) ---

def attach(instance, module, job):
    """Names the instance's module and job in the log lines the framework writes."""
    state = _state_of(instance)
    state.module, state.job = module, job


def begin_run(instance, started_ns):
    """Starts a run: records reported without a time from now on get ``started_ns``."""
    state = _state_of(instance)
    with state.lock:
        state.run_started_ns = started_ns


def end_run(instance):
    """Ends the run; returns every batch reported since the previous run ended, oldest first."""
    state = _state_of(instance)
    with state.lock:
        batches, state.batches = state.batches, []
        state.run_started_ns = None
    return batches


# --- conversions ---

def _warn(state, message):
    try:
        from bases import loggers
    except ImportError:  # this file used outside Terrarium
        sys.stderr.write('datakit_framework: {0}\n'.format(message))
        return
    loggers.emit(loggers.WARNING, state.module, state.job, message)


def _as_bool(value):
    if value is None:
        return False
    if isinstance(value, str):
        return value.strip().lower() in _TRUE_WORDS
    return bool(value)


def _finite(value):
    # JSON has no NaN or Infinity: DataKit clamps infinities; NaN has no value at all (validation refuses it)
    if math.isnan(value):
        return None
    if math.isinf(value):
        return math.copysign(sys.float_info.max, value)
    return value


def _field_value(value, where):
    """A field value as JSON carries it: None, bool, int, float, str, or lists and dicts of those."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)  # IntEnum and friends become plain integers
    if isinstance(value, float):
        return _finite(float(value))
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, (numbers.Real, decimal.Decimal)):
        return _finite(float(value))
    if isinstance(value, (list, tuple)):
        return [_field_value(item, where) for item in value]
    if isinstance(value, Mapping):
        return dict((str(key), _field_value(item, where)) for key, item in value.items())
    item = getattr(value, 'item', None)  # numpy scalars (numpy.bool_ is neither bool nor Integral)
    if callable(item):
        plain = item()
        if isinstance(plain, (bool, int, float, str)):
            return _field_value(plain, where)
    raise TypeError('{0} is a {1}, which cannot be sent (int, float, bool or str expected)'.format(
        where, type(value).__name__))


def _tag_value(value, where):
    # tags are text; None is kept for validation to refuse
    return value if value is None or isinstance(value, str) else str(value)


def _mapping(value, convert, where):
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise TypeError('{0} must be a dict, got {1}'.format(where, type(value).__name__))
    return dict((str(key), convert(item, '{0} {1!r}'.format(where, key))) for key, item in value.items())


def _precision_factor(precision):
    if precision is None or precision == '':
        precision = DEFAULT_PRECISION
    factor = NANOS_PER.get(precision.strip() if isinstance(precision, str) else precision)
    if factor is None:
        raise ValueError('precision {0!r} is not one of n, u, ms, s, m, h'.format(precision))
    return factor


def _nanos(value, factor, stamp, where):
    """A record's time in nanoseconds since the epoch; ``stamp`` when it has none."""
    if value is None:
        return stamp
    if isinstance(value, bool):
        raise TypeError('{0} must be a number, got a bool'.format(where))
    if isinstance(value, numbers.Integral):
        return int(value) * factor
    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo is not None else value.astimezone()  # naive: local time
        delta = moment - _EPOCH
        return (delta.days * 86400 + delta.seconds) * 10 ** 9 + delta.microseconds * 1000
    if isinstance(value, (float, decimal.Decimal, numbers.Real, str)):
        # exact decimal arithmetic: 1624550216.123 s is 1624550216123000000 ns, not a float's approximation
        if isinstance(value, decimal.Decimal):
            exact = value
        else:
            try:
                exact = decimal.Decimal(value.strip() if isinstance(value, str) else repr(float(value)))
            except decimal.InvalidOperation:
                raise ValueError('{0} {1!r} is not a number'.format(where, value))
        if not exact.is_finite():
            raise ValueError('{0} {1!r} is not a finite number'.format(where, value))
        return int((exact * factor).to_integral_value(rounding=decimal.ROUND_HALF_EVEN))
    raise TypeError('{0} must be a number, got {1}'.format(where, type(value).__name__))


def _point(record, factor, stamp, where):
    if not isinstance(record, Mapping):
        raise TypeError('{0} must be a dict, got {1}'.format(where, type(record).__name__))
    measurement = record.get('measurement')
    return {
        'measurement': measurement if measurement is None or isinstance(measurement, str) else str(measurement),
        'tags': _mapping(record.get('tags'), _tag_value, where + ' tag'),
        'fields': _mapping(record.get('fields'), _field_value, where + ' field'),
        'time': _nanos(record.get('time'), factor, stamp, where + ' time'),
    }


def _destination(state):
    ip, port = state.address
    if (ip, port) == (DEFAULT_IP, DEFAULT_PORT):
        return None
    host = '[{0}]'.format(ip) if ':' in ip and not ip.startswith('[') else ip
    return 'http://{0}:{1}'.format(host, port)


def _port(port):
    if port is None:
        return DEFAULT_PORT
    try:
        return int(port)
    except (TypeError, ValueError):
        return port


def _split_options(kwargs):
    """The feed_* keyword arguments that are report() options (plus an event's ``time``), and the extra fields."""
    options = dict((key, kwargs[key]) for key in OPTIONS + ('time',) if key in kwargs)
    extra = dict((key, value) for key, value in kwargs.items() if key not in options)
    return options, extra


def _with_extra(fields, extra):
    # the explicit fields win over same-named extra keyword arguments
    if not extra:
        return fields
    if fields is None:
        return dict(extra)
    if not isinstance(fields, Mapping):
        return fields  # report() says what is wrong with it
    merged = dict(extra)
    merged.update(fields)
    return merged


def _present(pairs):
    return [(key, value) for key, value in pairs if value is not None]


class DataKitFramework(object):
    """The base of every DataKit pythond script: subclass it, set ``name`` and ``interval``, override ``run()``."""

    name = ''  # the data's default source (``input``); the class's own name when empty
    interval = DEFAULT_INTERVAL  # seconds between runs

    def __init__(self, **kwargs):
        """``ip`` and ``port``: the DataKit this script's data goes to (default 127.0.0.1:9529, which means
        Terrarium's own DataKit sink). Other keyword arguments are accepted and ignored."""
        ip = kwargs.get('ip')
        _state_of(self).address = (DEFAULT_IP if ip is None or ip == '' else str(ip), _port(kwargs.get('port')))

    def run(self):
        """Called every ``interval`` seconds; reports its data through ``report()`` or the ``feed_*`` helpers."""
        raise NotImplementedError('{0} must override run()'.format(type(self).__name__))

    # --- reporting ---

    def report(self, data):
        """Queues records: ``data`` maps ``M`` (metric), ``L`` (logging), ``O`` (object), ``CO`` (custom
        object), ``E`` (keyevent) and ``R`` (rum) to lists of ``{"measurement", "tags", "fields", "time"}``
        records, with the options ``input``, ``precision`` (of the records' times: n, u, ms, s, m, h; default n),
        ``ignore_global_tags`` and ``version``. Returns True. Raises TypeError or ValueError, queuing nothing,
        when a record cannot be converted."""
        if not isinstance(data, Mapping):
            raise TypeError('report() takes a dict such as {{"M": [records]}}, got {0}'.format(type(data).__name__))
        state = _state_of(self)
        factor = _precision_factor(data.get('precision'))
        source = data.get('input')
        source = self._default_input() if source is None or source == '' else str(source)
        ignore_global_tags = _as_bool(data.get('ignore_global_tags'))
        destination = _destination(state)
        with state.lock:
            stamp = state.run_started_ns
        if stamp is None:
            stamp = _time.time_ns()

        batches = []
        for key, category in CATEGORIES:
            records = data.get(key)
            if records is None:
                continue
            if isinstance(records, Mapping):
                records = [records]
            elif isinstance(records, (str, bytes)) or not hasattr(records, '__iter__'):
                raise TypeError("report() {0!r} must be a list of records, got {1}".format(
                    key, type(records).__name__))
            points = [_point(record, factor, stamp, 'record {0} of {1!r}'.format(index + 1, key))
                      for index, record in enumerate(records)]
            if points:
                batches.append({'category': category, 'input': source, 'ignore_global_tags': ignore_global_tags,
                                'destination': destination, 'points': points})

        known = set(key for key, _ in CATEGORIES) | set(OPTIONS)
        with state.lock:
            state.batches.extend(batches)
            unknown = [key for key in data if key not in known and key not in state.unknown_keys]
            state.unknown_keys.update(unknown)
        for key in unknown:
            _warn(state, 'report() ignores key {0!r} (not one of M, L, O, CO, E, R, {1})'.format(
                key, ', '.join(OPTIONS)))
        return True

    def feed_metric(self, input=None, measurement=None, tags=None, fields=None, time=None, **kwargs):
        """Reports one metric record. Keyword arguments named like report() options are options; the others
        are extra fields."""
        options, extra = _split_options(kwargs)
        return self._feed('M', input, options, measurement, tags, _with_extra(fields, extra), time)

    def feed_logging(self, input=None, source=None, tags=None, message=None, time=None, **kwargs):
        """Reports one logging record: measurement ``source`` (else the input), field ``message``, extra fields."""
        options, extra = _split_options(kwargs)
        fields = _with_extra(dict(_present([('message', message)])), extra)
        if source is None or source == '':
            source = self._default_input() if input is None or input == '' else input
        return self._feed('L', input, options, source, tags, fields, time)

    def feed_object(self, input=None, cls=None, name=None, tags=None, fields=None, time=None, **kwargs):
        """Reports one object record: measurement ``cls`` (the object's class), tag ``name``, extra fields."""
        options, extra = _split_options(kwargs)
        if name is not None and (tags is None or isinstance(tags, Mapping)):
            tags = dict(tags or {})
            tags['name'] = name
        return self._feed('O', input, options, cls, tags, _with_extra(fields, extra), time)

    def feed_user_event(self, df_user_id=None, tags=None, df_date_range=10, df_status=None, df_event_id=None,
                        df_title=None, df_message=None, **kwargs):
        """Reports a ``df_source = user`` event."""
        return self._feed_event('user', [('df_user_id', df_user_id)], tags, df_date_range, df_status,
                                df_event_id, df_title, df_message, kwargs)

    def feed_monitor_event(self, df_dimension_tags=None, tags=None, df_date_range=10, df_status=None,
                           df_event_id=None, df_title=None, df_message=None, **kwargs):
        """Reports a ``df_source = monitor`` event; ``df_dimension_tags`` is JSON text (a dict is written as such)."""
        if isinstance(df_dimension_tags, (Mapping, list)):
            df_dimension_tags = json.dumps(df_dimension_tags, ensure_ascii=False, separators=(',', ':'),
                                           default=str)
        return self._feed_event('monitor', [('df_dimension_tags', df_dimension_tags)], tags, df_date_range,
                                df_status, df_event_id, df_title, df_message, kwargs)

    def feed_system_event(self, tags=None, df_date_range=10, df_status=None, df_event_id=None, df_title=None,
                          df_message=None, **kwargs):
        """Reports a ``df_source = system`` event."""
        return self._feed_event('system', [], tags, df_date_range, df_status, df_event_id, df_title, df_message,
                                kwargs)

    def checkArgEmpty(self, *args, **named):
        """Raises ValueError naming the first empty argument (None, or an empty string or collection; 0 and
        False are values); returns True when there is none. ``checkArgEmpty(title, status)`` or
        ``checkArgEmpty(df_title=title)``."""
        for label, value in [('argument {0}'.format(i + 1), v) for i, v in enumerate(args)] + list(named.items()):
            if value is None or (isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and not value):
                raise ValueError('{0} is empty'.format(label))
        return True

    # --- helpers ---

    def _default_input(self):
        name = getattr(self, 'name', None)
        return name if isinstance(name, str) and name else type(self).__name__

    def _feed(self, key, input, options, measurement, tags, fields, time):
        record = {'measurement': measurement, 'tags': tags, 'fields': fields}
        if options.get('time') is not None and time is None:
            time = options['time']
        if time is not None:
            record['time'] = time
        data = dict((option, value) for option, value in options.items() if option != 'time')
        data[key] = [record]
        if input is not None:
            data['input'] = input
        return self.report(data)

    def _feed_event(self, source, own_fields, tags, date_range, status, event_id, title, message, kwargs):
        options, extra = _split_options(kwargs)
        fields = dict(_present([('df_date_range', date_range), ('df_source', source), ('df_status', status),
                                ('df_event_id', event_id), ('df_title', title), ('df_message', message)]
                               + own_fields))
        for key, value in extra.items():
            fields.setdefault(key, value)  # df_source and the named df_* fields cannot be overridden
        return self._feed('E', options.pop('input', None), options, EVENT_MEASUREMENT, tags, fields, None)
