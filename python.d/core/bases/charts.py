# -*- coding: utf-8 -*-
"""Charts, dimensions and chart variables of the python.d framework API (Terrarium's own implementation).

A module describes charts with python.d's list shapes:

- chart:     [id, name, title, units, family, context, chart_type(, 'hidden')]  (``Charts.add_chart``)
- dimension: [id, name, algorithm, multiplier, divisor, hidden]                 (``Chart.add_dimension``)
- variable:  [id, value]                                                        (``Chart.add_variable``)

Nothing here writes anything. A chart remembers what happened to it during an update (a sample, a
retirement) and the worker drains that with ``Charts.drain()`` to build its reply; rendering is the sink's job.
"""

CHART_TYPES = ('line', 'area', 'stacked')
DIMENSION_ALGORITHMS = (
    'absolute',
    'incremental',
    'percentage-of-absolute-row',
    'percentage-of-incremental-row',
)

# Field names, in the order python.d's lists carry them.
CHART_PARAMS = ['type', 'id', 'name', 'title', 'units', 'family', 'context', 'chart_type', 'hidden']
DIMENSION_PARAMS = ['id', 'name', 'algorithm', 'multiplier', 'divisor', 'hidden']
VARIABLE_PARAMS = ['id', 'value']


class ChartError(Exception):
    """Root of the errors a module can get from this API."""


class DuplicateItemError(ChartError):
    """A chart or dimension with this id is already there."""


class ItemTypeError(ChartError):
    """A chart, dimension or variable was not given as a list."""


class ItemValueError(ChartError):
    """A chart, dimension or variable list is too short to describe one."""


def to_int(value):
    """``int(value)``, or None when that fails for any reason (None, 'n/a', NaN, inf, ...)."""
    try:
        return int(value)
    except Exception:  # a module's value type may raise anything from __int__
        return None


def _text(value):
    return '' if value is None else str(value)


def _as_list(value, what, fields, minimum):
    if not isinstance(value, (list, tuple)):
        raise ItemTypeError('{0} must be a list, got {1}'.format(what, type(value).__name__))
    if len(value) < minimum:
        raise ItemValueError('{0} must be a list of {1}, got {2!r}'.format(what, fields[:max(minimum, 1)], value))
    return list(value)


def _is_hidden(flag):
    # python.d writes whatever the module put there into the DIMENSION options; only 'hidden' means anything.
    return flag is True or (isinstance(flag, str) and flag.strip() == 'hidden')


class ChartFlags(object):
    """Per-chart state the update cycle needs.

    push:      the definition must go out with the next sample
    created:   the definition went out at least once (so there is something to obsolete)
    updated:   the chart got a value on its previous run (decides ``since``)
    obsoleted: the chart is retired; it comes back when its data does
    """

    __slots__ = ('push', 'created', 'updated', 'obsoleted')  # one per chart of thousands of jobs

    def __init__(self):
        self.push = True
        self.created = False
        self.updated = False
        self.obsoleted = False

    def __repr__(self):
        return 'ChartFlags(push={0}, created={1}, updated={2}, obsoleted={3})'.format(
            self.push, self.created, self.updated, self.obsoleted)


class _Params(dict):
    """A params dict that counts its changes on its chart (``Chart.version``), so the worker learns cheaply whether a
    definition changed: modules may write ``params`` of a chart or of its dimensions directly."""

    __slots__ = ('owner',)

    def _changed(self):
        owner = getattr(self, 'owner', None)
        if owner is not None:
            owner.version += 1

    def __setitem__(self, key, value):
        dict.__setitem__(self, key, value)
        self._changed()

    def __delitem__(self, key):
        dict.__delitem__(self, key)
        self._changed()

    def update(self, *args, **kwargs):
        dict.update(self, *args, **kwargs)
        self._changed()

    def setdefault(self, key, default=None):
        if key not in self:
            self._changed()
        return dict.setdefault(self, key, default)

    def pop(self, *args):
        self._changed()
        return dict.pop(self, *args)

    def popitem(self):
        self._changed()
        return dict.popitem(self)

    def clear(self):
        self._changed()
        dict.clear(self)


class _ChartItem(object):
    """A dimension or variable: known by its id, equal to it (so ``'x' in chart.dimensions`` works), its params
    readable as attributes, and its value taken from collected data through ``int()``."""

    def __getattr__(self, item):
        params = self.__dict__.get('params')
        if params is not None and item in params:
            return params[item]
        raise AttributeError("{0!r} has no attribute '{1}'".format(self, item))

    def get_value(self, data):
        """This item's value in ``data`` through ``int()``, or None."""
        if self.params['id'] not in data:
            return None
        return to_int(data[self.params['id']])

    def __eq__(self, other):
        if isinstance(other, type(self)):
            return self.params['id'] == other.params['id']
        return self.params['id'] == other

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.params['id'])

    def __repr__(self):
        return '{0}({1})'.format(type(self).__name__, self.params['id'])

    def __str__(self):
        return self.params['id']


class Dimension(_ChartItem):
    """One line of a chart."""

    def __init__(self, params):
        fields = _as_list(params, 'dimension', DIMENSION_PARAMS, 1)
        fields += [None] * (len(DIMENSION_PARAMS) - len(fields))
        dim_id, name, algorithm, multiplier, divisor, hidden = fields[:len(DIMENSION_PARAMS)]
        if dim_id is None or dim_id == '':
            raise ItemValueError('dimension id must not be empty: {0!r}'.format(params))
        dim_id = str(dim_id)
        self.params = _Params({
            'id': dim_id,
            'name': _text(name) or dim_id,
            'algorithm': algorithm if algorithm in DIMENSION_ALGORITHMS else 'absolute',
            # python.d falls back to 1 for anything that is not a non-zero int
            'multiplier': multiplier if isinstance(multiplier, int) and not isinstance(multiplier, bool)
            and multiplier != 0 else 1,
            'divisor': divisor if isinstance(divisor, int) and not isinstance(divisor, bool)
            and divisor != 0 else 1,
            'hidden': 'hidden' if _is_hidden(hidden) else '',
            'obsolete': '',
        })

    @property
    def is_hidden(self):
        return self.params['hidden'] == 'hidden'

    @property
    def is_obsolete(self):
        return self.params['obsolete'] == 'obsolete'


class ChartVariable(_ChartItem):
    """A chart variable; ``value`` is a constant sent with the definition, data overrides it."""

    def __init__(self, params):
        fields = _as_list(params, 'variable', VARIABLE_PARAMS, 1)
        if fields[0] is None or fields[0] == '':
            raise ItemValueError('variable id must not be empty: {0!r}'.format(params))
        self.params = {'id': str(fields[0]), 'value': fields[1] if len(fields) > 1 else None}

    def __bool__(self):
        return self.params['value'] is not None

    __nonzero__ = __bool__


class ChartSample(object):
    """What one chart produced in one update: sent by the worker as a ``charts`` entry."""

    __slots__ = ('chart', 'since', 'values', 'variables', 'push')

    def __init__(self, chart, since, values, variables, push):
        self.chart = chart
        self.since = since
        self.values = values
        self.variables = variables
        self.push = push


class Chart(object):
    """One chart. ``params`` holds its fields (python.d modules read and write ``params['priority']``)."""

    def __init__(self, params):
        fields = _as_list(params, 'chart', CHART_PARAMS, 8)
        fields += [None] * (len(CHART_PARAMS) - len(fields))
        values = dict(zip(CHART_PARAMS, fields))
        if values['id'] is None or values['id'] == '':
            raise ItemValueError('chart id must not be empty: {0!r}'.format(params))
        self.version = 0  # counts changes of its params and its dimensions' (see _Params)
        self.params = _Params((key, _text(value)) for key, value in values.items())
        if self.params['chart_type'] not in CHART_TYPES:
            self.params['chart_type'] = 'line'  # what Netdata makes of any other word
        self.params['hidden'] = 'hidden' if _is_hidden(values['hidden']) else ''
        self.params.setdefault('priority', 0)
        self.params.setdefault('update_every', 1)
        self.params.setdefault('module_name', '')
        self.params.setdefault('actual_job_name', '')
        self.params.owner = self
        self.dimensions = []
        # dimension ids, for a quick ``in`` (modules ask it for every value); rebuilt when the list changed size
        # behind add_dimension's back
        self._dimension_ids = set()
        self.variables = []
        self.flags = ChartFlags()
        self.penalty = 0  # updates in a row that brought data for the job but none for this chart
        # dimensions removed with del_dimension, announced once as obsolete with the next definition
        self.retired_dimensions = []
        self._sample = None
        self._retire = False

    def __getattr__(self, item):
        params = self.__dict__.get('params')
        if params is not None and item in params:
            return params[item]
        raise AttributeError("{0!r} has no attribute '{1}'".format(self, item))

    @property
    def name(self):
        """``type.id``, as python.d names a chart (the display name is ``params['name']``)."""
        return '{0}.{1}'.format(self.params['type'], self.params['id'])

    def __iter__(self):
        return iter(self.dimensions)

    def __contains__(self, item):
        if len(self._dimension_ids) != len(self.dimensions):
            self._dimension_ids = set(dim.params['id'] for dim in self.dimensions)
        try:
            return (item.params['id'] if isinstance(item, Dimension) else item) in self._dimension_ids
        except TypeError:  # unhashable: compare as the list does
            return item in self.dimensions

    def __repr__(self):
        return 'Chart({0})'.format(self.params['id'])

    def __str__(self):
        return self.params['id']

    # --- what modules call ---

    def add_dimension(self, dimension):
        dim = Dimension(dimension)
        if dim in self.dimensions:
            raise DuplicateItemError("dimension '{0}' is already in chart '{1}'".format(dim.id, self.name))
        if dim in self.retired_dimensions:
            self.retired_dimensions.remove(dim)
        self.dimensions.append(dim)
        dim.params.owner = self
        self._dimension_ids.add(dim.params['id'])
        self.refresh()
        return dim

    def del_dimension(self, dimension_id, hide=True):
        """Removes a dimension; Netdata hears of it once, as obsolete (and hidden when ``hide``)."""
        if dimension_id not in self.dimensions:
            return
        dim = self.dimensions.pop(self.dimensions.index(dimension_id))
        self._dimension_ids.discard(dim.params['id'])
        if self.flags.created:
            if hide:
                dim.params['hidden'] = 'hidden'
            dim.params['obsolete'] = 'obsolete'
            self.retired_dimensions.append(dim)
        self.flags.push = True

    def hide_dimension(self, dimension_id, reverse=False):
        if dimension_id not in self.dimensions:
            return
        dim = self.dimensions[self.dimensions.index(dimension_id)]
        dim.params['hidden'] = '' if reverse else 'hidden'
        self.refresh()

    def add_variable(self, variable):
        var = ChartVariable(variable)
        if var in self.variables:
            self.variables[self.variables.index(var)] = var
        else:
            self.variables.append(var)
        self.flags.push = True
        return var

    def obsolete(self):
        """Retires the chart; it is defined again when data for it returns."""
        if self.flags.obsoleted:
            return
        self.flags.obsoleted = True
        if self.flags.created:
            self._retire = True

    def refresh(self):
        """Marks the definition for re-sending and brings an obsolete chart back."""
        self.penalty = 0
        self.flags.push = True
        self.flags.obsoleted = False
        self._retire = False

    # --- what the update cycle calls ---

    def can_be_updated(self, data):
        return any(dim.get_value(data) is not None for dim in self.dimensions)

    def update(self, data, interval):
        """Takes this chart's values from ``data``; returns True when at least one dimension got one."""
        values = {}  # dimension id -> value, in the chart's order (the protocol sends it as an object)
        for dim in self.dimensions:  # Dimension.get_value, inlined: this runs for every value of every job
            dim_id = dim.params['id']
            if dim_id not in data:
                continue
            value = data[dim_id]
            if type(value) is not int:
                value = to_int(value)
                if value is None:
                    continue
            values[dim_id] = value
        if not values:
            self.penalty += 1
            self.flags.updated = False
            return False

        variables = {}
        for var in self.variables:
            value = var.get_value(data)
            if value is None and self.flags.push and var:
                value = to_int(var.value)  # a constant goes out with the definition
            if value is not None:
                variables[var.params['id']] = value

        since = interval if self.flags.updated else 0
        self._sample = ChartSample(self, since, values, variables, self.flags.push)
        self.flags.push = False
        self.flags.created = True
        self.flags.updated = True
        self.penalty = 0
        return True

    def take_sample(self):
        sample, self._sample = self._sample, None
        return sample

    def take_retirement(self):
        retire, self._retire = self._retire, False
        return retire

    def forget_retired_dimensions(self):
        del self.retired_dimensions[:]


class Charts(object):
    """The charts of one job, in the order they were added.

    ``priority`` is the priority the next chart gets; it rises by one per chart.
    """

    def __init__(self, job_name, actual_job_name, priority, cleanup, get_update_every, module_name):
        self.job_name = job_name  # a callable returning the chart type (the job's full name)
        self.actual_job_name = actual_job_name
        self.priority = int(priority)
        self.cleanup = int(cleanup or 0)
        self.get_update_every = get_update_every
        self.module_name = module_name
        self.charts = {}
        # charts deleted while an obsolete() announcement was pending: the next drain() still sends it
        self._deleted_retiring = []

    def add_chart(self, params):
        """Adds a chart from ``[id, name, title, units, family, context, chart_type]``; returns it."""
        if not isinstance(params, (list, tuple)):
            raise ItemTypeError('chart must be a list, got {0}'.format(type(params).__name__))
        chart_type = self.job_name() if callable(self.job_name) else self.job_name
        chart = Chart([chart_type] + list(params))
        if chart.id in self.charts:
            raise DuplicateItemError("chart '{0}' is already in the job's charts".format(chart.id))
        chart.params['priority'] = self.priority
        chart.params['update_every'] = self.get_update_every()
        chart.params['module_name'] = self.module_name
        chart.params['actual_job_name'] = self.actual_job_name
        self.priority += 1
        self.charts[chart.id] = chart
        return chart

    def active_charts(self):
        return [c.id for c in self.charts.values() if not c.flags.obsoleted]

    def drain(self):
        """Samples and retirements since the last call, as ``(samples, retired_charts)`` in chart order.

        (A chart retired and brought back by data within one update is only a sample: refresh() cancels
        the pending retirement.)
        """
        samples, retired = [], []
        for chart in self._deleted_retiring:
            if chart.take_retirement():
                retired.append(chart)
        self._deleted_retiring = []
        for chart in list(self.charts.values()):
            sample = chart.take_sample()
            if sample is not None:
                samples.append(sample)
            if chart.take_retirement():
                retired.append(chart)
        return samples, retired

    def __getitem__(self, item):
        return self.charts[item]

    def __delitem__(self, item):
        chart = self.charts.pop(item)
        # a module may obsolete() a chart and delete it in one update (gearman does): the daemon must still hear
        # that it is obsolete
        if chart._retire:
            self._deleted_retiring.append(chart)

    def __contains__(self, item):
        return item in self.charts

    def __iter__(self):
        return iter(list(self.charts.values()))

    def __len__(self):
        return len(self.charts)

    def __bool__(self):
        return bool(self.charts)

    __nonzero__ = __bool__

    def __repr__(self):
        return 'Charts({0})'.format(list(self.charts))
