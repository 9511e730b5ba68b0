# -*- coding: utf-8 -*-
"""Effective settings of a python.d job, and python.d's job naming."""

# The settings a job can take from its config, its module's globals or the defaults, with python.d's
# own defaults for when the runner sends none.
BUILT_IN_DEFAULTS = {
    'update_every': 1,
    'priority': 60000,
    'autodetection_retry': 0,
    'chart_cleanup': 10,
    'penalty': True,
}
SETTING_NAMES = tuple(BUILT_IN_DEFAULTS)

_TRUE_WORDS = ('yes', 'true', 'on', '1')
_FALSE_WORDS = ('no', 'false', 'off', '0', '')


def _as_bool(name, value):
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value != 0
    word = str(value).strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    raise ValueError('{0} must be yes or no, got {1!r}'.format(name, value))


def _as_int(name, value):
    if isinstance(value, bool):
        raise ValueError('{0} must be a number, got {1!r}'.format(name, value))
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):
        raise ValueError('{0} must be a number, got {1!r}'.format(name, value))


def effective_settings(config, module, defaults, min_update_every):
    """Each setting from ``config``, else the module's global of that name, else ``defaults``.

    ``update_every`` is raised to ``min_update_every`` (and to at least 1). Raises ValueError naming the
    setting when a value is not usable.
    """
    result = {}
    for name in SETTING_NAMES:
        if name in config and config[name] is not None:
            value = config[name]
        elif module is not None and getattr(module, name, None) is not None:
            value = getattr(module, name)
        elif defaults.get(name) is not None:
            value = defaults[name]
        else:
            value = BUILT_IN_DEFAULTS[name]
        result[name] = _as_bool(name, value) if name == 'penalty' else _as_int(name, value)
    floor = max(_as_int('min_update_every', min_update_every if min_update_every is not None else 1), 1)
    result['update_every'] = max(result['update_every'], floor)
    return result


def full_name(module_name, job_name, override_name):
    """python.d's job name and chart type: ``<module>_<override_name or job_name>``, or just ``<module>``
    when that name is empty or equals the module's."""
    own = override_name or job_name
    if not own or own == module_name:
        return module_name
    return '{0}_{1}'.format(module_name, own)
