# -*- coding: utf-8 -*-
"""ExecutableService: a python.d job that runs a program and parses its output (Terrarium's own implementation).

The module sets ``self.command`` (``'exim -bpc'``); a job's ``command`` key replaces it. ``check()`` splits
the command on whitespace, refuses arguments holding shell metacharacters, resolves a bare program name with
``find_binary`` and keeps ``self.command`` as an argument list. Programs run without a shell, with stdin
from /dev/null, in their own session, and are killed (with their process group) after ``command_timeout``
seconds (a Terrarium key; default the larger of 5 and ``update_every``), so a hung program cannot hold the
job past the runner's collect timeout. Not thread-safe: one job, one thread at a time.
"""

import os
import signal
import subprocess

from bases.FrameworkServices.SimpleService import SimpleService
from bases.collection import find_binary

# python.d refuses these in arguments: nothing is run through a shell, but a config asking for a pipe or
# a redirection was written for one and would not do what its author meant.
SHELL_METACHARACTERS = frozenset('&|;><')
MIN_COMMAND_TIMEOUT = 5.0


def _kill_group(process):
    try:
        os.killpg(process.pid, signal.SIGKILL)  # start_new_session made the child a group leader
    except OSError:
        try:
            process.kill()
        except OSError:
            pass


def _reap(process):
    try:
        process.communicate(timeout=2)
    except subprocess.TimeoutExpired:  # a descendant that left the group still holds the pipes
        for stream in (process.stdout, process.stderr):
            stream.close()
        process.wait()


def _split_lines(data):
    """Lines of ``data`` split at b'\\n' only, each keeping its line break, decoded as UTF-8."""
    lines = []
    start = 0
    while start < len(data):
        end = data.find(b'\n', start)
        end = len(data) if end < 0 else end + 1
        lines.append(data[start:end].decode('utf-8', 'replace'))
        start = end
    return lines


class ExecutableService(SimpleService):

    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.command = None
        self.command_timeout = self._command_timeout(self.configuration.get('command_timeout'))

    def _command_timeout(self, value):
        default = max(MIN_COMMAND_TIMEOUT, float(self.update_every))
        if value is None:
            return default
        try:
            timeout = float(value)
        except (TypeError, ValueError):
            timeout = -1.0
        if timeout <= 0:
            self.error('command_timeout must be a positive number of seconds, got {0!r}: using {1:g}'.format(
                value, default))
            return default
        return timeout

    @staticmethod
    def _command_argv(command):
        if isinstance(command, (list, tuple)):
            return [str(arg) for arg in command]
        return str(command).split()

    def _get_raw_data(self, stderr=False, command=None):
        """The output lines (with their line breaks) of ``command`` (default ``self.command``), else None.

        ``stderr`` True returns what the program wrote to stderr instead of stdout. The exit status is not
        judged (python.d does not either); a program that cannot start or runs out of time is logged as an
        error and gives None.
        """
        command = command or self.command
        if not command:
            self.error('no command to run')
            return None
        argv = self._command_argv(command)
        shown = ' '.join(argv)
        self.debug("running '{0}'".format(shown))
        try:
            process = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE, close_fds=True, start_new_session=True)
        except (OSError, ValueError) as error:
            self.error("cannot run '{0}': {1}".format(shown, error))
            return None
        try:
            out, err = process.communicate(timeout=self.command_timeout)
        except subprocess.TimeoutExpired:
            _kill_group(process)
            _reap(process)
            self.error("'{0}' killed: no exit within {1:g} s".format(shown, self.command_timeout))
            return None
        except BaseException:
            _kill_group(process)
            process.wait()
            raise
        if process.returncode:
            self.debug("'{0}' exited with status {1}".format(shown, process.returncode))
        return _split_lines(err if stderr else out)

    def check(self):
        """Resolves the command, then the job works when ``_get_data()`` returns a non-empty dict."""
        if 'command' in self.configuration:
            self.command = self.configuration['command']
        if isinstance(self.command, (list, tuple)):
            self.command = ' '.join(str(arg) for arg in self.command)
        if not self.command or not isinstance(self.command, str) or not self.command.split():
            self.error('command is not set or not a string: {0!r}'.format(self.command))
            return False

        program, arguments = self.command.split()[0], self.command.split()[1:]
        refused = sorted(set(''.join(arguments)) & SHELL_METACHARACTERS)
        if refused:
            self.error("command '{0}' refused: its arguments contain {1} (no shell runs it)".format(
                self.command, ' '.join(refused)))
            return False

        if os.sep in program:
            if not (os.path.isfile(program) and os.access(program, os.X_OK)):
                self.error("'{0}' is not an executable file".format(program))
                return False
            path = program
        else:
            path = find_binary(program)
            if not path:
                self.error("cannot find '{0}' in PATH or the sbin folders".format(program))
                return False
        self.command = [path] + arguments

        try:
            data = self._get_data()
        except Exception as error:
            self.error("_get_data() raised {0}: {1} (command '{2}')".format(
                type(error).__name__, error, ' '.join(self.command)))
            return False
        if isinstance(data, dict) and data:
            return True
        self.error("no data from '{0}'".format(' '.join(self.command)))
        return False
