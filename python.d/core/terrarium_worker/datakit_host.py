# -*- coding: utf-8 -*-
"""Hosts DataKit pythond scripts: the check, create, collect and unload steps of docs/worker-protocol.md
("DataKit pythond scripts"). A job is one ``DataKitFramework`` subclass of a script; collect calls its ``run()``
and returns what it reported as batches.

Thread-safety: any thread may call any method; the registry is locked. The runner never sends two requests for
one job at a time, so a job's own steps need no lock.
"""

import itertools
import math
import numbers
import os
import time

import datakit_framework
from datakit_framework import DataKitFramework

from bases.loggers import DEBUG, ERROR, WARNING
from terrarium_worker.failures import ProtocolError, describe, failure
from terrarium_worker.jobtable import JobTable, require, revision
from terrarium_worker.logbridge import worker_log
from terrarium_worker.modules import ModuleLoader
from terrarium_worker.settings import effective_settings

KIND = 'pythond'
SCRIPT_PREFIX = 'datakit_script_'

_script_numbers = itertools.count(1)


def script_name(name, path):
    """A fresh ``sys.modules`` name per import: scripts never shadow standard or each other's modules."""
    return '{0}{1}'.format(SCRIPT_PREFIX, next(_script_numbers))


def script_folders(name, path):
    """The script's own folder (for its siblings) and, for ``sub.demo``, the ``dirs`` folder above it (DataKit
    puts that on sys.path), both appended after everything else."""
    folder = os.path.dirname(os.path.abspath(path))
    folders = [folder]
    root = folder
    for _ in range(name.count('.')):
        root = os.path.dirname(root)
    if root != folder:
        folders.append(root)
    return folders


def script_loader():
    return ModuleLoader(qualified_name=script_name, search_folders=script_folders)


def interval_of(script_class):
    """The class's ``interval`` as whole seconds (rounded up), or None when it is not a positive number."""
    interval = getattr(script_class, 'interval', None)
    if isinstance(interval, bool) or not isinstance(interval, numbers.Real):
        return None
    interval = float(interval)
    if not math.isfinite(interval) or interval <= 0:
        return None
    return int(math.ceil(interval))


class DataKitJob(object):
    def __init__(self, key, module_name, class_name, instance):
        self.key = key
        self.module_name = module_name
        self.class_name = class_name
        self.instance = instance



class DataKitHost(object):
    kind = KIND

    def __init__(self, loader, trace):
        self._loader = loader
        self._trace = trace
        self._jobs = JobTable()  # job key -> DataKitJob

    def has(self, job_key):
        return self._jobs.has(job_key)

    def _job(self, job_key):
        return self._jobs.get(job_key)

    # --- check ---

    def check(self, request):
        """Imports the script, finds the class ``job_name`` and builds it; returns the reply body."""
        job_key = require(request, 'job')
        module_name = require(request, 'module')
        path = require(request, 'path')
        class_name = require(request, 'job_name')
        config = request.get('config') or {}
        defaults = request.get('defaults') or {}
        if not isinstance(config, dict) or not isinstance(defaults, dict):
            raise ProtocolError("'config' and 'defaults' must be objects")
        module_revision = revision(request)

        self._jobs.pop(job_key)  # a new check replaces the previous instance
        name = '{0}.{1}'.format(module_name, class_name)

        def failed(step, error, **fields):
            # the reply says it all; the runner logs it once, with the decision it takes
            reply = failure(error, self._trace, full_name=name, **fields)
            reply['error'] = '{0} raised {1}'.format(step, describe(error))
            return reply

        try:
            module = self._loader.load(module_name, path, module_revision)
        except BaseException as error:  # a script may even raise SystemExit at import
            return failed('import of {0}'.format(path), error)

        script_class = getattr(module, class_name, None)
        if script_class is None:
            return {'ok': False, 'full_name': name, 'error': '{0} has no class {1}'.format(path, class_name)}
        if (not isinstance(script_class, type) or not issubclass(script_class, DataKitFramework)
                or script_class is DataKitFramework):
            return {'ok': False, 'full_name': name,
                    'error': '{0} in {1} is not a subclass of DataKitFramework'.format(class_name, path)}

        interval = interval_of(script_class)
        if interval is None:
            interval = datakit_framework.DEFAULT_INTERVAL
            worker_log(WARNING, 'interval {0!r} is not a positive number: running every {1} s'.format(
                getattr(script_class, 'interval', None), interval), module=module_name, job=class_name)
        try:
            # update_every is the class's interval (raised to min_update_every), the rest as for python.d
            settings = effective_settings(dict(config, update_every=interval), None, defaults,
                                          request.get('min_update_every', 1))
        except ValueError as error:
            return failed('settings', error)

        try:
            instance = script_class()
        except BaseException as error:
            return failed('{0}()'.format(class_name), error, settings=settings)
        datakit_framework.attach(instance, module_name, class_name)

        self._jobs.put(job_key, DataKitJob(job_key, module_name, class_name, instance))
        worker_log(DEBUG, 'loaded, running every {0} s'.format(settings['update_every']),
                   module=module_name, job=class_name)
        return {'ok': True, 'passed': True, 'full_name': name, 'settings': settings}

    # --- create ---

    def create(self, job_key):
        self._job(job_key)  # a script has nothing to create
        return {'ok': True}

    # --- collect ---

    def collect(self, job_key, interval):
        """One ``run()``; the reply body with every batch reported since the previous one."""
        job = self._job(job_key)
        instance = job.instance
        datakit_framework.begin_run(instance, time.time_ns())
        try:
            instance.run()
            updated = True
        except Exception as error:
            worker_log(ERROR, 'run() raised {0}'.format(describe(error)), module=job.module_name,
                       job=job.class_name)
            updated = False
        except BaseException as error:  # SystemExit and the like: a failed request, as for python.d
            reply = failure(error, self._trace, job=job_key, batches=datakit_framework.end_run(instance))
            reply['error'] = 'run() raised {0}'.format(describe(error))
            return reply
        return {'job': job_key, 'ok': True, 'updated': updated, 'charts': [], 'retired': [],
                'batches': datakit_framework.end_run(instance)}

    # --- unload ---

    def unload(self, job_key):
        self._jobs.pop(job_key)
        return {'ok': True}

