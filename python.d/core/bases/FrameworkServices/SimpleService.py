# -*- coding: utf-8 -*-
"""SimpleService: the base of every python.d job (Terrarium's own implementation).

A module subclasses it as ``Service``, sets ``self.order`` and ``self.definitions`` and implements
``_get_data()`` (or ``get_data()``) returning ``{dimension_or_variable_id: value}``. The worker drives it:
construct, ``check()``, ``create()``, then ``update(interval)`` once per tick.
"""

from bases.charts import ChartError, Charts
from bases.loggers import PythonDLimitedLogger

MODULE_PREFIX = 'pythond_'  # the worker loads <module>.chart.py as pythond_<module>, like python.d

DEFAULT_UPDATE_EVERY = 1
DEFAULT_PRIORITY = 60000
DEFAULT_CHART_CLEANUP = 10


def module_name_of(cls):
    name = cls.__module__ or ''
    return name[len(MODULE_PREFIX):] if name.startswith(MODULE_PREFIX) else name


def describe_error(error):
    return '{0}: {1}'.format(type(error).__name__, error)


class RunState(object):
    """Framework-side counters of a job, kept apart so module attributes cannot collide with them."""

    def __init__(self, do_penalty):
        self.runs = 1  # 1 during check() and the first update, +1 after each update (python.d's runs_counter)
        self.do_penalty = do_penalty


class SimpleService(PythonDLimitedLogger, object):
    """A python.d job.

    The worker passes a configuration holding the job's own keys plus ``job_name``, ``override_name``,
    ``update_every``, ``priority``, ``autodetection_retry``, ``chart_cleanup`` and ``penalty``; the
    constructor takes the framework's keys out of it, so ``self.configuration`` is what the module reads.
    Not thread-safe: the worker never runs two steps of one job at once.
    """

    def __init__(self, configuration=None, name=None):
        PythonDLimitedLogger.__init__(self)
        configuration = configuration if configuration is not None else {}
        self.configuration = configuration
        self.order = []
        self.definitions = {}

        self.module_name = module_name_of(type(self))
        self.job_name = configuration.pop('job_name', name)
        self.override_name = configuration.pop('override_name', None)
        self.actual_job_name = self.job_name if self.job_name else self.module_name
        self.fake_name = None

        self.update_every = int(configuration.pop('update_every', DEFAULT_UPDATE_EVERY))
        self.priority = int(configuration.pop('priority', DEFAULT_PRIORITY))
        chart_cleanup = int(configuration.pop('chart_cleanup', DEFAULT_CHART_CLEANUP) or 0)
        self._run_state = RunState(configuration.pop('penalty', True))

        self.charts = Charts(self.actual_name, self.actual_job_name, self.priority, chart_cleanup,
                             self.get_update_every, self.module_name)

    def __repr__(self):
        return '<{0} {1}>'.format(type(self).__name__, self.name)

    @property
    def name(self):
        """The job's full name and chart type: ``<module>_<override_name or job_name>``, or ``<module>``."""
        own = self.override_name or self.job_name
        if not own or own == self.module_name:
            return self.module_name
        return '{0}_{1}'.format(self.module_name, own)

    def actual_name(self):
        return self.fake_name or self.name

    @property
    def runs_counter(self):
        return self._run_state.runs

    def get_update_every(self):
        return self.update_every

    def check(self):
        """Default check: the job works when ``get_data()`` returns a non-empty dict."""
        self.debug('no check() of its own: using get_data()')
        data = self.get_data()
        if isinstance(data, dict) and data:
            return True
        self.debug('check: get_data() returned {0!r}'.format(data))
        return False

    def create(self):
        """Builds ``self.charts`` from ``self.order`` and ``self.definitions``; True when there is a chart."""
        for chart_id in self.order:
            definition = self.definitions.get(chart_id)
            if not definition:
                self.debug("create: chart '{0}' is in order but has no definition, skipped".format(chart_id))
                continue
            try:
                chart = self.charts.add_chart([chart_id] + list(definition['options']))
            except (ChartError, KeyError, TypeError) as error:
                self.error("create: chart '{0}' not added: {1}".format(chart_id, describe_error(error)))
                continue
            for line in definition.get('lines') or []:
                try:
                    chart.add_dimension(line)
                except ChartError as error:
                    self.error("create: dimension {0!r} of chart '{1}' not added: {2}".format(
                        line, chart_id, describe_error(error)))
            for variable in definition.get('variables') or []:
                try:
                    chart.add_variable(variable)
                except ChartError as error:
                    self.error("create: variable {0!r} of chart '{1}' not added: {2}".format(
                        variable, chart_id, describe_error(error)))
        return bool(self.charts)

    def update(self, interval):
        """One collection: ``get_data()``, then every chart takes its values. True when one got a value.

        ``interval`` is the time since the job's previous successful update, in microseconds.
        """
        try:
            data = self.get_data()
        except Exception as error:
            self.error('get_data() raised {0}'.format(describe_error(error)))
            return False
        if not data:
            self.debug('get_data() returned no data')
            return False
        if not isinstance(data, dict):
            self.debug('get_data() returned a {0}, not a dict'.format(type(data).__name__))
            return False

        cleanup = self.charts.cleanup
        updated = False
        for chart in self.charts:
            if chart.flags.obsoleted:
                if not chart.can_be_updated(data):
                    continue
                chart.refresh()  # data is back: define it again
            if chart.update(data, interval):
                updated = True
            elif cleanup and chart.penalty >= cleanup:
                chart.obsolete()
                self.info("chart '{0}' retired: no data for {1} updates".format(chart.name, chart.penalty))
        if not updated:
            self.debug('no chart got a value')
        return updated

    def get_data(self):
        return self._get_data()

    def _release_resources(self):
        """Terrarium's addition: the worker calls it when it drops the job (unload, a new check, a failed
        check) so connections and files close at once. Services extend it and chain with super()."""

    def _get_data(self):
        raise NotImplementedError('the module implements neither get_data() nor _get_data()')
