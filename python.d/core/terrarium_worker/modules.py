# -*- coding: utf-8 -*-
"""Loads collector module files, once per path per worker.

``<module>.chart.py`` is loaded as ``pythond_<module>`` (python.d's naming), so a module called like a
standard library module (``random``, ``email``...) cannot shadow it. Failed loads are not remembered:
the next ``check`` tries again (a missing dependency may have been installed since).
"""

import importlib.machinery
import importlib.util
import sys
import threading

MODULE_PREFIX = 'pythond_'


class ModuleLoader(object):

    def __init__(self):
        self._lock = threading.Lock()  # guards _modules and _path_locks
        self._modules = {}  # path -> module object
        self._path_locks = {}  # path -> lock held while that path is being imported

    def load(self, name, path):
        """The module at ``path`` (imported now if not yet); raises whatever its import raises."""
        with self._lock:
            module = self._modules.get(path)
            if module is not None:
                return module
            path_lock = self._path_locks.setdefault(path, threading.Lock())
        # One import per path at a time; imports of other modules go on in parallel.
        with path_lock:
            with self._lock:
                module = self._modules.get(path)
            if module is None:
                module = _import_file(MODULE_PREFIX + name, path)
                with self._lock:
                    self._modules[path] = module
            return module


def _import_file(qualified_name, path):
    loader = importlib.machinery.SourceFileLoader(qualified_name, path)
    spec = importlib.util.spec_from_file_location(qualified_name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    previous = sys.modules.get(qualified_name)
    sys.modules[qualified_name] = module  # some code (dataclasses, pickle) looks itself up while loading
    try:
        loader.exec_module(module)
    except BaseException:
        if previous is not None:
            sys.modules[qualified_name] = previous
        else:
            sys.modules.pop(qualified_name, None)
        raise
    return module
