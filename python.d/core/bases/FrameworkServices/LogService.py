# -*- coding: utf-8 -*-
"""LogService: a python.d job that follows a log file (Terrarium's own implementation).

Job key ``path`` (a module may set ``self.log_path`` instead): a file, or a glob whose newest match (by
modification time) is followed. ``create()`` starts at the end of the file; each ``_get_raw_data()`` then
returns the complete lines added since the previous call. The file is re-resolved on every call:

- it shrank (truncated in place): read again from its start;
- another file is now at the path, or a newer file matches the glob (rotated): the rest of the old file
  is read, then the new one from its start.

A file that is truncated and grows past the old read position between two calls cannot be told from one
that only grew (``copytruncate`` rotation); its first lines are then missed. Not thread-safe: one job, one
thread at a time.
"""

import glob
import os

from bases.FrameworkServices.SimpleService import SimpleService

_GLOB_CHARACTERS = frozenset('*?[')


def _newest_first_key(path):
    try:
        return os.stat(path).st_mtime, path
    except OSError:  # vanished since glob() listed it
        return float('-inf'), path


def _decode_lines(data):
    """Complete lines of ``data`` (which ends with b'\\n' or is empty), line breaks kept, as text."""
    return [line.decode('utf-8', 'replace') for line in data.splitlines(True)]


class LogService(SimpleService):

    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.log_path = self.configuration.get('path', None)
        self._last_position = 0  # read offset in the followed file
        self._log_pattern = None  # the path or glob being followed
        self._log_chosen = None  # the file it last resolved to (log_path then holds it too)
        self._log_handle = None  # the followed file, kept open so its tail survives a rename
        self._log_identity = None  # (st_dev, st_ino) of _log_handle
        self._log_partial = b''  # the start of a line whose end has not been written yet

    # --- which file ---

    def _find_recent_log_file(self):
        """Resolves the path (or glob) into ``self.log_path``; True when that is an existing file."""
        if self.log_path != self._log_chosen:  # first call, or the module set a new path
            self._log_pattern = self.log_path
        pattern = self._log_pattern
        if not pattern or not isinstance(pattern, str):
            return False
        if _GLOB_CHARACTERS & set(pattern):
            matches = [path for path in glob.glob(pattern) if os.path.isfile(path)]
            if not matches:
                return False
            chosen = max(matches, key=_newest_first_key)
        else:
            chosen = pattern
        self.log_path = self._log_chosen = chosen
        return os.path.isfile(chosen)

    # --- the open file ---

    def _log_open(self, path, at_end):
        handle = open(path, 'rb')
        try:
            stat = os.fstat(handle.fileno())
        except OSError:
            handle.close()
            raise
        self._log_close()
        self._log_handle = handle
        self._log_identity = (stat.st_dev, stat.st_ino)
        self._last_position = stat.st_size if at_end else 0
        self._log_partial = b''

    def _log_close(self):
        if self._log_handle is not None:
            try:
                self._log_handle.close()
            except OSError:
                pass
        self._log_handle = self._log_identity = None

    def _log_read_new(self):
        """Bytes appended since the last read (from the start again if the file shrank)."""
        handle = self._log_handle
        size = os.fstat(handle.fileno()).st_size
        if size < self._last_position:
            self.info('{0} shrank from {1} to {2} bytes: reading it from the start'.format(
                self.log_path, self._last_position, size))
            self._last_position = 0
            self._log_partial = b''
        if size == self._last_position:
            return b''
        handle.seek(self._last_position)
        data = handle.read()
        self._last_position = handle.tell()
        return data

    def _log_take_lines(self, data, final=False):
        data = self._log_partial + data
        cut = len(data) if final else data.rfind(b'\n') + 1
        self._log_partial = data[cut:]
        return _decode_lines(data[:cut])

    def _release_resources(self):
        if getattr(self, '_log_handle', None) is not None:
            self._log_close()
        super(LogService, self)._release_resources()

    # --- the framework API ---

    def _get_raw_data(self):
        """New complete lines (with their line breaks) since the last call; [] when there are none; None
        (after an error log) when the file cannot be found or read."""
        if not self._find_recent_log_file():
            self.error('no log file at {0}'.format(self._log_pattern))
            return None
        lines = []
        try:
            stat = os.stat(self.log_path)
            if self._log_handle is not None and (stat.st_dev, stat.st_ino) != self._log_identity:
                # rotated or superseded: finish the old file, then follow the new one from its start
                lines = self._log_take_lines(self._log_read_new(), final=True)
                self.info('following {0} (another file than before)'.format(self.log_path))
                self._log_close()
            if self._log_handle is None:
                self._log_open(self.log_path, at_end=False)
            lines.extend(self._log_take_lines(self._log_read_new()))
        except (OSError, IOError) as error:
            self.error('cannot read {0}: {1}'.format(self.log_path, error))
            return lines or None
        return lines

    def check(self):
        """The job works when the path (or glob) names a readable file."""
        if not self.log_path:
            self.error('no log path set (job key "path")')
            return False
        if not self._find_recent_log_file():
            self.error('no log file at {0}'.format(self._log_pattern))
            return False
        if not os.access(self.log_path, os.R_OK):
            self.error('cannot read {0}'.format(self.log_path))
            return False
        return True

    def create(self):
        """Starts following at the end of the file, then builds the charts."""
        if self._find_recent_log_file():
            try:
                self._log_open(self.log_path, at_end=True)
            except (OSError, IOError) as error:
                self.error('cannot open {0}: {1}'.format(self.log_path, error))
        else:
            self.error('no log file at {0} yet: it will be read from its start once it appears'.format(
                self._log_pattern))
        return SimpleService.create(self)
