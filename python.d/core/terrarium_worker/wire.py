# -*- coding: utf-8 -*-
"""Charts as the worker protocol carries them: plain dicts, every string a string, every number an int."""

from bases.charts import to_int


def _text(value):
    return '' if value is None else str(value)


def _int(value, fallback):
    number = to_int(value)
    return fallback if number is None else number


def dimension_object(dim):
    params = dim.params
    return {
        'id': _text(params.get('id')),
        'name': _text(params.get('name')),
        'algorithm': _text(params.get('algorithm')) or 'absolute',
        'multiplier': _int(params.get('multiplier'), 1),
        'divisor': _int(params.get('divisor'), 1),
        'hidden': params.get('hidden') == 'hidden',
        'obsolete': params.get('obsolete') == 'obsolete',
    }


def chart_id(chart):
    return _text(chart.params.get('id'))


def definition_key(chart):
    """What a chart's definition is made of, cheap to build and to compare: equal keys, equal ``chart_object``s.
    Modules may change ``params`` of a chart or of its dimensions directly: the chart counts those changes in
    ``version`` (bases.charts._Params); a dimension list changed behind add_dimension's back shows in its length,
    a params dict replaced by a plain one in its identity."""
    return (chart.version, len(chart.dimensions), id(chart.params))


def chart_object(chart, obsolete=False, extra_dimensions=()):
    """The chart's definition; ``obsolete`` adds that option, ``extra_dimensions`` are appended."""
    params = chart.params
    options = []
    if params.get('hidden') == 'hidden':
        options.append('hidden')
    if obsolete:
        options.append('obsolete')
    return {
        'type': _text(params.get('type')),
        'id': _text(params.get('id')),
        'name': _text(params.get('name')),
        'title': _text(params.get('title')),
        'units': _text(params.get('units')),
        'family': _text(params.get('family')),
        'context': _text(params.get('context')),
        'chart_type': _text(params.get('chart_type')) or 'line',
        'priority': _int(params.get('priority'), 0),
        'update_every': _int(params.get('update_every'), 1),
        'options': ' '.join(options),
        'module': _text(params.get('module_name')),
        'labels': [['_collect_job', _text(params.get('actual_job_name')), 0]],
        'dimensions': [dimension_object(dim) for dim in list(chart.dimensions) + list(extra_dimensions)],
    }
