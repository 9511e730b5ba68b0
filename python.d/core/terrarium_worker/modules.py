# -*- coding: utf-8 -*-
"""Loads collector module files, once per path per worker.

``<module>.chart.py`` is loaded as ``pythond_<module>`` (python.d's naming), so a module called like a
standard library module (``random``, ``email``...) cannot shadow it. Failed loads are not remembered:
the next ``check`` tries again (a missing dependency may have been installed since). The DataKit host uses
the same loader with its own naming and folders (datakit_host.py).

Before a module runs, the ``python_modules`` folder next to it (Netdata's stock layout:
``python.d/python_modules``), and ``$NETDATA_PLUGINS_DIR/../python.d/python_modules`` when that variable is set,
are appended to sys.path, as python.d.plugin does. Appended, so this folder (first on sys.path) still provides
``bases``, while ``third_party`` and any library copies Netdata bundles come from the installed Netdata.
"""

import importlib.machinery
import importlib.util
import os
import sys
import threading

from bases import loggers

MODULE_PREFIX = 'pythond_'
PACKAGES_FOLDER = 'python_modules'


def package_folders(path):
    """The existing ``python_modules`` folders a module at ``path`` may import from, in search order."""
    folders = [os.path.join(os.path.dirname(os.path.abspath(path)), PACKAGES_FOLDER)]
    plugins_dir = os.getenv('NETDATA_PLUGINS_DIR')
    if plugins_dir:
        folders.append(os.path.join(os.path.abspath(os.path.join(plugins_dir, os.pardir, 'python.d')),
                                    PACKAGES_FOLDER))
    return [folder for folder in folders if os.path.isdir(folder)]


def append_to_sys_path(folders):
    """Appends the folders not yet on sys.path; returns those it appended. Caller holds the loader lock."""
    added = []
    for folder in folders:
        if folder not in sys.path:
            sys.path.append(folder)
            added.append(folder)
    return added


def python_d_name(name, path):
    """The ``sys.modules`` name of python.d module ``name``: ``pythond_<module>``, as python.d names it."""
    return MODULE_PREFIX + name


def python_d_folders(name, path):
    return package_folders(path)


class ModuleLoader(object):
    """Imports each path once. ``qualified_name(name, path)`` names the module in ``sys.modules``;
    ``search_folders(name, path)`` lists the folders appended to sys.path before its first import."""

    def __init__(self, qualified_name=python_d_name, search_folders=python_d_folders):
        self._qualified_name = qualified_name
        self._search_folders = search_folders
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
                with self._lock:
                    added = append_to_sys_path(self._search_folders(name, path))
                for folder in added:
                    loggers.emit(loggers.DEBUG, name, '', 'appended {0} to sys.path'.format(folder))
                module = import_file(self._qualified_name(name, path), path)
                with self._lock:
                    self._modules[path] = module
            return module


def import_file(qualified_name, path):
    """Executes the file at ``path`` as module ``qualified_name`` (left in ``sys.modules`` only if it
    imports without raising)."""
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
