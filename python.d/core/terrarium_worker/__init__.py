# -*- coding: utf-8 -*-
"""The Terrarium worker: runs collector modules for the runner bundle over the worker protocol (version 2).

Modules, one role each:
  fdswap       moves the process's stdio aside so modules cannot touch the protocol pipes
  lifeline     dies with the parent process (Linux PR_SET_PDEATHSIG)
  channel      JSON-lines framing: reading requests, writing messages atomically
  logbridge    turns framework log records into protocol ``log`` messages
  dispatcher   routes requests to hosts and writes the replies
  lanes        the persistent threads module code runs on; slow jobs are moved aside
  batches      the replies of one collect, sent together
  netdata_host python.d jobs: check, create, collect, unload
  datakit_host DataKit pythond scripts (``kind: "pythond"``): check, create, collect, unload
  modules      loads module files (``<module>.chart.py``, DataKit scripts), once per path
  settings     effective job settings and python.d job naming
  wire         chart objects as the protocol carries them
  failures     exceptions as one-line errors and tracebacks
  process      the main loop
"""

PROTOCOL_VERSION = 2


def main(argv=None):
    """Runs the worker until end of input or ``shutdown``; never returns."""
    from terrarium_worker.process import run
    run(argv)
