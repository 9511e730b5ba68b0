# -*- coding: utf-8 -*-
"""Loads collector module files, once per path per worker (and again when a check names a new revision).

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


class _Loaded(object):
    """A module object and the revision it was imported under ('' when the request named none)."""

    def __init__(self, module, revision):
        self.module = module
        self.revision = revision

    def serves(self, revision):
        """True when a check asking for ``revision`` may use this import: it names none, or this one."""
        return not revision or revision == self.revision


class ModuleLoader(object):
    """Imports each path once per revision. ``qualified_name(name, path)`` names the module in ``sys.modules``;
    ``search_folders(name, path)`` lists the folders appended to sys.path before it is imported.

    A check naming a revision other than the one the path was imported under imports the file again: a fresh
    module object replaces the old one in the cache and in ``sys.modules``, while the jobs built from the old
    one keep running on it until they are unloaded. A check naming no revision takes whatever is loaded.
    """

    def __init__(self, qualified_name=python_d_name, search_folders=python_d_folders):
        self._qualified_name = qualified_name
        self._search_folders = search_folders
        self._lock = threading.Lock()  # guards _modules and _path_locks
        self._modules = {}  # path -> _Loaded
        self._path_locks = {}  # path -> lock held while that path is being imported

    def load(self, name, path, revision=''):
        """The module at ``path``, imported now if it is not yet, or if ``revision`` is given and is not the one
        it was imported under; raises whatever its import raises (and keeps the previous import then)."""
        revision = revision or ''
        with self._lock:
            loaded = self._modules.get(path)
            if loaded is not None and loaded.serves(revision):
                return loaded.module
            path_lock = self._path_locks.setdefault(path, threading.Lock())
        # One import per path at a time (checks of one module with a new revision import it once); imports
        # of other modules go on in parallel.
        with path_lock:
            with self._lock:
                loaded = self._modules.get(path)
            if loaded is not None and loaded.serves(revision):
                return loaded.module
            with self._lock:
                added = append_to_sys_path(self._search_folders(name, path))
            for folder in added:
                loggers.emit(loggers.DEBUG, name, '', 'appended {0} to sys.path'.format(folder))
            # with a revision the source is what was fingerprinted: never a stale __pycache__ entry
            module = import_file(self._qualified_name(name, path), path, from_source=bool(revision))
            with self._lock:
                self._modules[path] = _Loaded(module, revision)
            if loaded is not None:
                _forget(loaded.module, module)
                loggers.emit(loggers.DEBUG, name, '', 'imported {0} again (revision {1})'.format(path, revision))
            return module


def _forget(old, new):
    """Drops a replaced module from ``sys.modules`` when it lived there under a name of its own (DataKit scripts
    get a new name per import); under a shared name the new module has already taken its place."""
    old_name = getattr(old, '__name__', None)
    if old_name and old_name != getattr(new, '__name__', None) and sys.modules.get(old_name) is old:
        del sys.modules[old_name]


class _SourceOnlyLoader(importlib.machinery.SourceFileLoader):
    """Compiles the file every time. Python trusts a cached .pyc whose recorded mtime (whole seconds) and size
    match the source, so an edit within the same second that keeps the size would bring the old code back."""

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        return self.source_to_code(self.get_data(path), path)


def import_file(qualified_name, path, from_source=False):
    """Executes the file at ``path`` as module ``qualified_name`` (left in ``sys.modules`` only if it
    imports without raising). ``from_source`` ignores any cached bytecode."""
    loader_class = _SourceOnlyLoader if from_source else importlib.machinery.SourceFileLoader
    loader = loader_class(qualified_name, path)
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
