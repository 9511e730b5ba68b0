# -*- coding: utf-8 -*-
"""Hosts python.d jobs: the check, create, collect and unload steps of docs/worker-protocol.md.

Thread-safety: any thread may call any method; the registry is locked. The runner never sends two
requests for one job at a time, so a job's own steps need no lock.
"""


from bases.loggers import ERROR, DEBUG

from terrarium_worker import joblock
from terrarium_worker import wire
from terrarium_worker.jobtable import JobTable, require, revision
from terrarium_worker.failures import ProtocolError, describe, failure
from terrarium_worker.logbridge import worker_log
from terrarium_worker.settings import effective_settings, full_name

KIND = 'python.d'


class PythonDJob(object):
    """A loaded job: its Service instance and what its reply stream has been told so far."""

    __slots__ = ('key', 'module_name', 'job_name', 'service', 'lock', 'sent_definitions')

    def __init__(self, key, module_name, job_name, service, lock=None):
        self.key = key
        self.module_name = module_name
        self.job_name = job_name
        self.service = service
        # the job's collector lock (joblock.CollectorLock), None when running without locks
        self.lock = lock
        # chart id -> wire.definition_key() of the definition last sent (without one-off obsolete dimensions)
        self.sent_definitions = {}



def _drop(job):
    """Gives up everything a job holds: its module's resources and its collector lock."""
    _release(job.service)
    if job.lock is not None:
        job.lock.release()


def _release(service):
    """Lets a dropped job close what it holds open (sockets, files, connection pools) now, not at GC."""
    release = getattr(service, '_release_resources', None)
    if release is None:
        return
    try:
        release()
    except Exception as error:  # a module's own override: its failure must not fail the request
        worker_log(ERROR, '_release_resources() raised {0}'.format(describe(error)),
                   module=getattr(service, 'module_name', ''), job=getattr(service, 'job_name', ''))


def _count_run(service):
    state = getattr(service, '_run_state', None)
    if state is not None:
        state.runs += 1


class NetdataHost(object):
    kind = KIND

    def __init__(self, loader, trace):
        self._loader = loader
        self._trace = trace
        self._jobs = JobTable()  # job key -> PythonDJob

    def has(self, job_key):
        return self._jobs.has(job_key)

    def _job(self, job_key):
        return self._jobs.get(job_key)

    # --- check ---

    def check(self, request):
        """Loads the module, builds the job's Service and runs its check(); returns the reply body."""
        job_key = require(request, 'job')
        module_name = require(request, 'module')
        path = require(request, 'path')
        job_name = request.get('job_name') or None
        override_name = request.get('override_name') or None
        config = request.get('config') or {}
        defaults = request.get('defaults') or {}
        if not isinstance(config, dict) or not isinstance(defaults, dict):
            raise ProtocolError("'config' and 'defaults' must be objects")
        module_revision = revision(request)

        previous = self._jobs.pop(job_key)  # a new check replaces the previous instance
        if previous is not None:
            _drop(previous)
        name = full_name(module_name, job_name, override_name)
        log_job = job_name or module_name

        def failed(step, error, **fields):
            # the reply says it all; the runner logs it once, with the decision it takes
            reply = failure(error, self._trace, full_name=name, **fields)
            reply['error'] = '{0} raised {1}'.format(step, describe(error))
            return reply

        try:
            module = self._loader.load(module_name, path, module_revision)
        except BaseException as error:  # a module may even raise SystemExit at import
            return failed('import of {0}'.format(path), error)

        try:
            settings = effective_settings(config, module, defaults, request.get('min_update_every', 1))
        except ValueError as error:
            return failed('settings', error)

        configuration = dict(config)
        configuration.update(settings)
        configuration['job_name'] = job_name
        configuration['override_name'] = override_name
        try:
            service_class = getattr(module, 'Service', None)
            if service_class is None:
                raise AttributeError("module '{0}' has no Service".format(module_name))
            service = service_class(configuration=configuration, name=job_name)
        except BaseException as error:
            return failed('Service()', error, settings=settings)

        try:
            passed = bool(service.check())
        except BaseException as error:
            _release(service)
            return failed('check()', error, settings=settings)

        service_name = getattr(service, 'name', None)
        if isinstance(service_name, str) and service_name:
            name = service_name
        lock = None
        lock_dir = request.get('lock_dir')
        if passed and lock_dir:
            # python.d takes the lock after check() and before create(); a job another plugin runs is not run
            try:
                lock = joblock.acquire(lock_dir, name)
            except joblock.LockTaken as taken:
                _release(service)
                return {'ok': True, 'passed': False, 'full_name': name, 'settings': settings,
                        'message': 'already collected by another process ({0} is locked)'.format(taken)}
            except OSError as error:
                _release(service)
                return {'ok': True, 'passed': False, 'full_name': name, 'settings': settings,
                        'message': 'cannot take the collector lock in {0}: {1}'.format(lock_dir, error)}
        if passed:
            self._jobs.put(job_key, PythonDJob(job_key, module_name, log_job, service, lock))
        else:
            _release(service)
        worker_log(DEBUG, 'check {0}'.format('passed' if passed else 'did not pass'),
                   module=module_name, job=log_job)
        return {'ok': True, 'passed': passed, 'full_name': name, 'settings': settings}

    # --- create ---

    def create(self, job_key):
        job = self._job(job_key)
        try:
            created = job.service.create()
        except BaseException as error:
            reply = failure(error, self._trace)
            reply['error'] = 'create() raised {0}'.format(describe(error))
            return reply
        if not created:
            return {'ok': False, 'error': 'create() returned {0!r} (no charts?)'.format(created)}
        return {'ok': True}

    # --- collect ---

    def collect(self, job_key, interval):
        """One update of the job; the reply body with the charts that got values and those retired."""
        job = self._job(job_key)
        service = job.service
        try:
            updated = bool(service.update(int(interval or 0)))
        except Exception as error:  # SimpleService.update catches get_data(); this is a module's own update()
            worker_log(ERROR, 'update() raised {0}'.format(describe(error)),
                       module=job.module_name, job=job.job_name)
            updated = False
        finally:
            _count_run(service)

        charts, retired = [], []
        drain = getattr(getattr(service, 'charts', None), 'drain', None)
        samples, retired_charts = drain() if drain is not None else ([], [])
        for sample in samples:
            charts.append(self._chart_entry(job, sample))
        for chart in retired_charts:
            definition = wire.chart_object(chart, obsolete=True)
            job.sent_definitions[definition['id']] = None  # whatever comes next differs from an obsolete chart
            retired.append(definition)
        body = {'job': job_key, 'ok': True, 'updated': updated, 'charts': charts}
        if retired:
            body['retired'] = retired
        return body

    @staticmethod
    def _chart_entry(job, sample):
        chart = sample.chart
        chart_id = wire.chart_id(chart)
        entry = {'id': chart_id}
        dropped = getattr(chart, 'retired_dimensions', None) or ()
        # the key is cheap to build and compare; the definition itself is built only when it goes out
        key = wire.definition_key(chart)
        if sample.push or dropped or job.sent_definitions.get(chart_id) != key:
            entry['define'] = wire.chart_object(chart, extra_dimensions=list(dropped))
            job.sent_definitions[chart_id] = key
            if dropped:
                chart.forget_retired_dimensions()
        entry['since'] = sample.since
        entry['values'] = sample.values
        if sample.variables:
            entry['variables'] = sample.variables
        return entry

    # --- unload ---

    def unload(self, job_key):
        job = self._jobs.pop(job_key)
        if job is not None:
            _drop(job)
        return {'ok': True}
