#!/usr/bin/env python3
"""Time from starting a Netdata plugin to its first BEGIN line: terrarium.plugin against python.d.plugin.

Both run the stock `example` module with the same configuration, alternately, several rounds in the same
run, so the figures compare under the same machine load. Prints each run, the medians and their ratio.
Both plugins align collections to whole seconds, so the first BEGIN waits for the next aligned slot; each run
starts after a random fraction of a second so that both are sampled over every phase of the clock.

    benchmarks/first_begin.py [--rounds N] [--terrarium PATH] [--python-d PATH]

Needs the distribution built (mvn package) and Debian's netdata-core and netdata-plugins-python.
"""

import argparse
import os
import random
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from plugin_env import PYTHON_D, TERRARIUM, check_executables, environment, stop


def first_begin(command, env, timeout=60.0):
    """Seconds from start to the first BEGIN line on stdout; the process and its group are ended by PID."""
    started = time.monotonic()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        buffered = b''
        while time.monotonic() - started < timeout:
            ready, _, _ = select.select([process.stdout], [], [], 0.5)
            if not ready:
                if process.poll() is not None:
                    raise RuntimeError('{0} exited with {1} before any BEGIN'.format(command[0], process.returncode))
                continue
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                raise RuntimeError('{0} closed stdout before any BEGIN'.format(command[0]))
            buffered += chunk
            for line in buffered.split(b'\n'):
                if line.startswith(b'BEGIN '):
                    return time.monotonic() - started
            buffered = buffered[buffered.rfind(b'\n') + 1:]
        raise RuntimeError('{0}: no BEGIN within {1} s'.format(command[0], timeout))
    finally:
        stop(process)
        process.stdout.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=10)
    parser.add_argument('--terrarium', default=TERRARIUM)
    parser.add_argument('--python-d', default=PYTHON_D)
    args = parser.parse_args()
    problem = check_executables(args.terrarium, args.python_d)
    if problem:
        sys.exit(problem)

    root = tempfile.mkdtemp(prefix='first-begin-')
    try:
        env = environment(root)
        plugins = [('python.d.plugin', args.python_d), ('terrarium.plugin', args.terrarium)]
        times = {name: [] for name, _ in plugins}
        for round_number in range(1, args.rounds + 1):
            for name, path in plugins:
                time.sleep(random.random())
                seconds = first_begin([path, '1', 'example', 'nolock'], env)
                times[name].append(seconds)
                print('round {0}: {1:<16} {2:.3f} s'.format(round_number, name, seconds), flush=True)
        reference = statistics.median(times['python.d.plugin'])
        ours = statistics.median(times['terrarium.plugin'])
        print('median python.d.plugin  {0:.3f} s'.format(reference))
        print('median terrarium.plugin {0:.3f} s'.format(ours))
        print('ratio terrarium/python.d {0:.2f}'.format(ours / reference))
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == '__main__':
    main()
