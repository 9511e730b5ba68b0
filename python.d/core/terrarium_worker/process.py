# -*- coding: utf-8 -*-
"""The worker process: claims the protocol, announces itself, serves requests until told to stop."""

import gc
import os
import platform
import sys

from terrarium_worker import fdswap, lifeline

DEFAULT_MAX_THREADS = 128
DEFAULT_ASIDE_AFTER = 0.05
GC_YOUNG_THRESHOLD = 50000


def _exit_now(code=0):
    """Ends the process at once: job threads may be stuck in module code and must not keep it alive."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _number(arg, name, kind):
    """The value of ``--<name>=<value>`` when ``arg`` is that flag with a positive number, else None."""
    prefix = '--{0}='.format(name)
    if not arg.startswith(prefix):
        return None
    try:
        value = kind(arg[len(prefix):])
    except ValueError:
        return None
    return value if value > 0 else None


def _parse_flags(argv):
    """``--debug``, ``--trace``, ``--max-threads=N`` (the bound of threads running module code) and
    ``--aside-after=SECONDS`` (how long a task may hold the lane)."""
    flags = {'--debug': False, '--trace': False}
    lanes = {'max_threads': DEFAULT_MAX_THREADS, 'aside_after': DEFAULT_ASIDE_AFTER}
    unknown = []
    for arg in argv:
        max_threads = _number(arg, 'max-threads', int)
        aside_after = _number(arg, 'aside-after', float)
        if arg in flags:
            flags[arg] = True
        elif max_threads is not None:
            lanes['max_threads'] = max_threads
        elif aside_after is not None:
            lanes['aside_after'] = aside_after
        else:
            unknown.append(arg)
    return flags['--debug'], flags['--trace'], lanes, unknown


def run(argv=None):
    # The protocol fds first, so nothing imported or run later can write into the protocol.
    input_fd, output_fd = fdswap.claim_protocol_fds()
    # Every tick allocates a little per job, and the default thresholds then walk the young objects so often that
    # it cost a quarter of a worker's CPU with thousands of jobs; cycles are still collected, only in larger steps.
    gc.set_threshold(GC_YOUNG_THRESHOLD, 20, 100)
    lifeline.die_with_parent()
    lifeline.own_process_group()

    from terrarium_worker import PROTOCOL_VERSION, channel, logbridge
    from terrarium_worker.dispatcher import Dispatcher
    from terrarium_worker.lanes import Lanes
    from terrarium_worker.modules import ModuleLoader
    from terrarium_worker.netdata_host import NetdataHost
    from terrarium_worker.datakit_host import DataKitHost, script_loader
    from bases.loggers import WARNING

    debug, trace, lanes, unknown = _parse_flags(sys.argv[1:] if argv is None else argv)
    out = channel.Channel(output_fd, on_broken=lambda: _exit_now(0))
    logbridge.install(out, debug=debug, trace=trace)
    dispatcher = Dispatcher(out, [NetdataHost(ModuleLoader(), trace), DataKitHost(script_loader(), trace)], trace,
                            _exit_now, Lanes(**lanes))

    out.send({'type': 'ready', 'protocol': PROTOCOL_VERSION, 'pid': os.getpid(),
              'python': platform.python_version()})
    if unknown:
        logbridge.worker_log(WARNING, 'unknown arguments ignored: {0}'.format(' '.join(unknown)))

    try:
        for line in channel.read_lines(input_fd):
            try:
                request = channel.decode(line)
            except ValueError as error:
                dispatcher.handle_bad_line(line, error)
                continue
            dispatcher.handle(request)
    except KeyboardInterrupt:
        pass
    _exit_now(0)  # end of input: the runner is gone or done with us
