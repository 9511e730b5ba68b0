#!/usr/bin/env python3
"""Scale: terrarium.plugin against python.d.plugin on N jobs, each plugin's whole process tree measured.

For each job count, N jobs of the stock `example` module (update_every 1, num_lines 4, one section each in a
generated python.d/example.conf) run under `python.d.plugin 1 example nolock` and `terrarium.plugin 1 example
nolock` alternately (A B A B ...), with the same environment, each plugin in a session of its own. The
"blocking" row does the same with jobs of benchmarks/modules/python.d/slowhttp.chart.py (a UrlService), each
reading a loopback endpoint that this script serves with a delay. Per run, over every process of the session:

  CPU %            utime+stime over a steady window that starts --warmup s after every job has sent a BEGIN
                   (or after --start-timeout when some never do)
  peak PSS MB      highest sum of Pss (/proc/<pid>/smaps_rollup), sampled every 0.5 s from start to window end
  peak threads     highest sum of /proc/<pid>/task entries, sampled likewise
  first BEGIN s    from start to the first BEGIN line on stdout
  ticks on time %  of the (job, whole wall-clock second of the window) pairs, the share in which a BEGIN of
                   that job's chart arrived within that second

It prints each run, then one table of the medians over rounds and the ratios terrarium/python.d, with the
command line and the machine. python.d.plugin is not run above --python-d-max jobs (a dash in the table).

    benchmarks/scale.py [--jobs 1,1000,5000,20000] [--rounds 2] [--python-d-max 5000] [--blocking 200]
                        [--delay 0.2] [--warmup 10] [--window 20] [--start-timeout 180]
                        [--terrarium PATH] [--python-d PATH] [--keep-logs DIR] [--smoke]

--smoke is a quick run that still takes every measurement (3 jobs, 3 blocking jobs, 1 round, 2 s warm-up,
3 s window; options given beside it still win); the test suite runs it so that the benchmark cannot rot.
Exits 1 when a plugin died or wrote no BEGIN line (and, with --smoke, when a measurement is missing).
Needs the distribution built (mvn package) and Debian's netdata-core and netdata-plugins-python.
"""

import argparse
import math
import os
import platform
import random
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from plugin_env import HERE, PYTHON_D, TERRARIUM, check_executables, environment, stop

CLOCK_TICKS = os.sysconf('SC_CLK_TCK')
SAMPLE_EVERY = 0.5
SESSION_GONE_WITHIN = 5.0
BEGIN_LINE = re.compile(rb'^BEGIN (\S+)', re.MULTILINE)
USER_PLUGINS = os.path.join(HERE, 'modules')  # holds python.d/slowhttp.chart.py
SMOKE = {'jobs': '3', 'blocking': 3, 'rounds': 1, 'warmup': 2.0, 'window': 3.0}
PLUGIN_NAMES = ('python.d.plugin', 'terrarium.plugin')

# every plugin started and not yet ended, so that any way out of main() ends them
LIVE = set()
# processes the plugins started that left their session (pid -> start ticks): not measured, still ended
ESCAPED = {}


# --- /proc -------------------------------------------------------------------------------------------------

def read_stat(pid):
    """(state, ppid, session, utime+stime in clock ticks, start time in ticks since boot) of a process."""
    with open('/proc/{0}/stat'.format(pid), 'rb') as stat:
        data = stat.read()
    # the command name may hold spaces and parentheses: fields are counted after its closing one
    fields = data[data.rindex(b')') + 2:].split()
    # fields[0] is field 3 of proc(5): field n is fields[n - 3]
    return fields[0], int(fields[1]), int(fields[3]), int(fields[11]) + int(fields[12]), int(fields[19])


def read_pss_kb(pid):
    with open('/proc/{0}/smaps_rollup'.format(pid), 'rb') as rollup:
        for line in rollup:
            if line.startswith(b'Pss:'):
                return int(line.split()[1])
    return 0


def count_threads(pid):
    return len(os.listdir('/proc/{0}/task'.format(pid)))


def scan(session):
    """{pid: (cpu ticks, start ticks)} of the live processes of `session`, and {pid: (ppid, session, start
    ticks)} of every process."""
    members, parents = {}, {}
    for name in os.listdir('/proc'):
        if not name.isdigit():
            continue
        pid = int(name)
        try:
            state, ppid, sid, ticks, started = read_stat(pid)
        except (OSError, ValueError, IndexError):
            continue  # ended while we looked
        parents[pid] = ppid, sid, started
        if sid == session and state != b'Z':  # a zombie has no memory and no more CPU to count
            members[pid] = (ticks, started)
    return members, parents


class SessionSampler:
    """Samples every process whose session id (field 6 of /proc/<pid>/stat) is the plugin's: peak PSS and
    threads over all samples, and the CPU time spent inside a window.

    CPU in the window, per process (a process is its pid and start time, so a reused pid is another one):
    one alive at the window's first sample counts from its ticks then; one born later counts from zero, since
    all its CPU was spent inside the window; one that ends counts up to its last sample, so at most one
    sampling interval of its CPU is lost. Children's times (cutime) are not used: they would count twice."""

    def __init__(self, session):
        self.session = session
        self.peak_pss_kb = 0
        self.peak_threads = 0
        self.window = None  # (pid, start ticks) -> [ticks counted from, ticks at the last sample]
        self.window_boot_ticks = None

    def sample(self):
        members, parents = scan(self.session)
        pss = threads = 0
        for pid in members:
            try:
                pss += read_pss_kb(pid)
                threads += count_threads(pid)
            except OSError:
                pass  # ended between the scan and now
        self.peak_pss_kb = max(self.peak_pss_kb, pss)
        self.peak_threads = max(self.peak_threads, threads)
        if self.window is not None:
            for pid, (ticks, started) in members.items():
                entry = self.window.get((pid, started))
                if entry is None:
                    born_inside = started >= self.window_boot_ticks
                    self.window[(pid, started)] = [0 if born_inside else ticks, ticks]
                else:
                    entry[1] = ticks
        self._warn_about_escapes(members, parents)
        return len(members)

    def start_window(self):
        self.window = {}
        self.window_boot_ticks = time.clock_gettime(time.CLOCK_BOOTTIME) * CLOCK_TICKS
        self.sample()

    def window_cpu_seconds(self):
        return sum(last - first for first, last in self.window.values()) / CLOCK_TICKS

    def _warn_about_escapes(self, members, parents):
        # a descendant that called setsid() would silently leave the measurement: say so
        children = {}
        for pid, (ppid, _, _) in parents.items():
            children.setdefault(ppid, []).append(pid)
        pending = list(children.get(self.session, ()))
        while pending:
            pid = pending.pop()
            _, session, started = parents[pid]
            if session != self.session and ESCAPED.get(pid) != started:
                ESCAPED[pid] = started
                print('warning: pid {0}, started by the plugin, left its session: not measured'.format(pid),
                      file=sys.stderr)
            pending.extend(children.get(pid, ()))


# --- the plugin's stdout -----------------------------------------------------------------------------------

class BeginReader(threading.Thread):
    """Reads the plugin's stdout as it comes, so the pipe never fills and blocks the plugin, and notes in which
    wall-clock second each job's BEGIN arrived. Only BEGIN lines are looked at, by one regex per read."""

    def __init__(self, stream, charts):
        super().__init__(name='stdout-reader', daemon=True)
        self.stream = stream
        self.charts = charts  # chart id (bytes) -> job index
        self.first_begin = None  # time.monotonic() of the first BEGIN line of any chart
        self.all_begun = None  # time.monotonic() when the last job's chart had its first BEGIN
        self.begun = bytearray(len(charts))
        self.begun_count = 0
        self.begins = 0
        self.seen = {}  # int(time.time()) -> bytearray, 1 at each job whose BEGIN arrived in that second

    def run(self):
        fd = self.stream.fileno()
        partial = b''
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError:
                return
            if not chunk:
                return
            arrived, arrived_wall = time.monotonic(), time.time()
            cut = chunk.rfind(b'\n')
            if cut < 0:
                partial += chunk
                continue
            # a line counts when its end has arrived
            complete, partial = partial + chunk[:cut + 1], chunk[cut + 1:]
            charts = BEGIN_LINE.findall(complete)
            if not charts:
                continue
            if self.first_begin is None:
                self.first_begin = arrived
            self.begins += len(charts)
            second = self.seen.get(int(arrived_wall))
            if second is None:
                second = self.seen[int(arrived_wall)] = bytearray(len(self.charts))
            for chart in charts:
                index = self.charts.get(chart)
                if index is not None:
                    second[index] = 1
                    if not self.begun[index]:
                        self.begun[index] = 1
                        self.begun_count += 1
            if self.all_begun is None and self.begun_count == len(self.charts):
                self.all_begun = arrived

    def on_time_share(self, wall_start, wall_end):
        """Hits / (jobs x whole seconds between the two wall-clock times); None when no whole second."""
        seconds = range(math.ceil(wall_start), math.floor(wall_end))
        if not seconds or not self.charts:
            return None
        hits = sum(sum(self.seen.get(second, b'')) for second in seconds)
        return hits / (len(self.charts) * len(seconds))


# --- one run -----------------------------------------------------------------------------------------------

class PluginFailed(Exception):
    pass


class Run:
    def __init__(self, plugin):
        self.plugin = plugin
        self.cpu = self.pss_mb = self.threads = self.first_begin = self.on_time = None
        self.all_begun = None
        self.begun = 0
        self.stopped_in = None
        self.load = None
        self.error = None


def session_members(session):
    return list(scan(session)[0])


def end_session(process):
    """Ends the plugin and every process of its session, by PID; seconds until none was left."""
    started = time.monotonic()
    stop(process)  # SIGTERM to the group the plugin leads; the plugin ends what it started in other groups
    deadline = time.monotonic() + SESSION_GONE_WITHIN
    left = session_members(process.pid)
    while left and time.monotonic() < deadline:
        time.sleep(0.05)
        left = session_members(process.pid)
    for pid in left:
        print('warning: pid {0} outlived its plugin by {1:.0f} s: SIGKILL'.format(pid, SESSION_GONE_WITHIN),
              file=sys.stderr)
        kill(pid)
    end_escaped()
    LIVE.discard(process)
    return time.monotonic() - started


def kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def end_escaped():
    for pid, started in list(ESCAPED.items()):
        try:
            alive = read_stat(pid)[4] == started  # the same process, not a reused pid
        except (OSError, ValueError, IndexError):
            alive = False
        if alive:
            kill(pid)
        del ESCAPED[pid]


def sample_until(process, sampler, deadline, done=lambda: False):
    """Samples every SAMPLE_EVERY s until `deadline` or until done(); raises when the plugin has exited."""
    while True:
        sampler.sample()
        if process.poll() is not None:
            raise PluginFailed('exited with {0}'.format(process.returncode))
        now = time.monotonic()
        if now >= deadline or done():
            return
        time.sleep(min(SAMPLE_EVERY, deadline - now))


def log_tail(path, lines=20):
    with open(path, 'rb') as log:
        text = log.read().decode('utf-8', 'replace').splitlines()
    return '\n'.join('    ' + line for line in text[-lines:])


def run_once(plugin, executable, module, charts, env, args, log_path):
    run = Run(plugin)
    with open(log_path, 'wb') as log:
        started = time.monotonic()
        process = subprocess.Popen([executable, '1', module, 'nolock'], env=env, stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE, stderr=log, start_new_session=True)
    LIVE.add(process)
    reader = BeginReader(process.stdout, charts)
    reader.start()
    sampler = SessionSampler(process.pid)
    try:
        deadline = started + args.start_timeout
        sample_until(process, sampler, deadline, lambda: reader.first_begin is not None)
        if reader.first_begin is None:
            raise PluginFailed('no BEGIN line within {0:.0f} s'.format(args.start_timeout))
        run.first_begin = reader.first_begin - started
        # steady means every job collecting: python.d checks jobs one after another, so with jobs that block
        # its last job starts long after its first
        sample_until(process, sampler, deadline, lambda: reader.all_begun is not None)
        if reader.all_begun is not None:
            run.all_begun = reader.all_begun - started
        sample_until(process, sampler, (reader.all_begun or time.monotonic()) + args.warmup)
        sampler.start_window()
        window_start, wall_start = time.monotonic(), time.time()
        sample_until(process, sampler, window_start + args.window)
        window_end, wall_end = time.monotonic(), time.time()
        run.cpu = 100.0 * sampler.window_cpu_seconds() / (window_end - window_start)
        run.on_time = reader.on_time_share(wall_start, wall_end)
    except PluginFailed as failure:
        run.error = str(failure)
    finally:
        run.stopped_in = end_session(process)
        reader.join(timeout=5)
        process.stdout.close()
    run.begun = reader.begun_count
    # on a shared machine a busy neighbour shows here (so do the plugin's own runnable threads)
    run.load = os.getloadavg()[0]
    run.pss_mb = sampler.peak_pss_kb / 1024.0 if sampler.peak_pss_kb else None
    run.threads = sampler.peak_threads or None
    if run.error:
        print('{0} {1}; the tail of its stderr:\n{2}'.format(plugin, run.error, log_tail(log_path)), flush=True)
    if args.keep_logs:
        os.makedirs(args.keep_logs, exist_ok=True)
        kept = '{0}-{1}-{2}-{3}.log'.format(plugin[:-len('.plugin')], module, len(charts),
                                            time.strftime('%Y%m%dT%H%M%S'))
        shutil.copy(log_path, os.path.join(args.keep_logs, kept))
    return run


# --- jobs and the slow endpoint ----------------------------------------------------------------------------

def job_names(count):
    return ['j{0:05d}'.format(number) for number in range(1, count + 1)]


def write_jobs(user_config, module, names, job_keys):
    """python.d/<module>.conf in the user config folder, one section per job; chart ids -> job index."""
    folder = os.path.join(user_config, 'python.d')
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, module + '.conf'), 'w') as conf:
        for name in names:
            conf.write('{0}:\n'.format(name))
            for key, value in job_keys(name):
                conf.write('  {0}: {1}\n'.format(key, value))
    chart = {'example': 'random', 'slowhttp': 'answer'}[module]
    return {'{0}_{1}.{2}'.format(module, name, chart).encode(): index for index, name in enumerate(names)}


class SlowEndpoint:
    """Answers every GET on 127.0.0.1 after `delay` seconds with a running count, a thread per request. Counts
    the requests answered and those whose client gave up first (its timeout), for each run to report."""

    def __init__(self, delay):
        endpoint = self
        self.lock = threading.Lock()
        self.answered = self.abandoned = 0  # guarded by lock

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                time.sleep(delay)
                with endpoint.lock:
                    endpoint.answered += 1
                    body = str(endpoint.answered).encode()
                self.send_response(200)
                self.send_header('Content-Type', 'text/plain')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            # every job connects at the same aligned instant; a short backlog would drop SYNs (1 s retries)
            request_queue_size = 1024
            daemon_threads = True

            def handle_error(self, request, client_address):
                # the client closed first (a reset or broken pipe): counted, not printed
                with endpoint.lock:
                    endpoint.abandoned += 1

        self.server = Server(('127.0.0.1', 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, name='slow-endpoint', daemon=True)
        self.thread.start()

    def url(self, path):
        return 'http://127.0.0.1:{0}/{1}'.format(self.server.server_address[1], path)

    def take_counts(self):
        """(answered, abandoned) since the last call."""
        with self.lock:
            counts = self.answered, self.abandoned
            self.answered = self.abandoned = 0
        return counts

    def close(self):
        self.server.shutdown()
        self.server.server_close()


# --- the report --------------------------------------------------------------------------------------------

def version_of(command):
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=30,
                              stdin=subprocess.DEVNULL)
        return done.stdout.decode('utf-8', 'replace').strip().splitlines()[0]
    except (OSError, subprocess.SubprocessError, IndexError):
        return 'unknown'


def interpreter_of(script):
    with open(script, 'rb') as text:
        first = text.readline().decode('utf-8', 'replace').strip()
    return shlex.split(first[2:]) if first.startswith('#!') else [sys.executable]


def machine(python_d):
    model = 'unknown CPU'
    with open('/proc/cpuinfo') as cpuinfo:
        for line in cpuinfo:
            if line.startswith('model name'):
                model = line.split(':', 1)[1].strip()
                break
    memory = 'unknown'
    with open('/proc/meminfo') as meminfo:
        for line in meminfo:
            if line.startswith('MemTotal:'):
                memory = '{0:.1f} GiB'.format(int(line.split()[1]) / 1024.0 / 1024.0)
    python3 = shutil.which('python3') or 'python3'
    java = os.path.join(os.environ['JAVA_HOME'], 'bin', 'java') if os.environ.get('JAVA_HOME') else 'java'
    python_d_python = interpreter_of(python_d)
    return [
        'machine: nproc {0} ({1} online), {2}, {3} RAM, Linux {4}, load average {5}'.format(
            len(os.sched_getaffinity(0)), os.cpu_count(), model, memory, platform.release(),
            ' '.join('{0:.2f}'.format(load) for load in os.getloadavg())),
        'python: this script {0} ({1}); python3 on PATH, terrarium\'s workers\' default: {2} ({3}); '
        'python.d.plugin\'s: {4} ({5})'.format(
            platform.python_version(), sys.executable, version_of([python3, '--version']), python3,
            version_of(python_d_python + ['--version']), ' '.join(python_d_python)),
        'java: {0}'.format(version_of([java, '-version'])),
    ]


def median(runs, field):
    values = [getattr(run, field) for run in runs if getattr(run, field) is not None]
    return statistics.median(values) if values else None


def cell(value, form):
    return '-' if value is None else form.format(value)


def ratio(ours, reference):
    return None if ours is None or not reference else ours / reference


def report(rows, results, args):
    lines = [
        '',
        'command: {0}'.format(shlex.join(sys.argv)),
        "settings: rounds {0} (medians), warm-up {1:g} s after the last job's first BEGIN, window {2:g} s, "
        'samples every {3:g} s, slowhttp delay {4:g} s'.format(args.rounds, args.warmup, args.window, SAMPLE_EVERY,
                                                               args.delay),
    ]
    lines += machine(args.python_d)
    lines += ['', '| jobs | plugin | CPU % | peak PSS MB | peak threads | first BEGIN s | ticks on time % |',
              '|---|---|---|---|---|---|---|']
    ratios = ['', '| jobs | CPU terrarium/python.d | PSS terrarium/python.d | first BEGIN terrarium/python.d |',
              '|---|---|---|---|']
    for row in rows:
        medians = {}
        for plugin in PLUGIN_NAMES:
            runs = results.get((row.label, plugin), [])
            medians[plugin] = {field: median(runs, field)
                               for field in ('cpu', 'pss_mb', 'threads', 'first_begin', 'on_time')}
            m = medians[plugin]
            on_time = None if m['on_time'] is None else 100.0 * m['on_time']
            lines.append('| {0} | {1} | {2} | {3} | {4} | {5} | {6} |'.format(
                row.label, plugin, cell(m['cpu'], '{0:.1f}'), cell(m['pss_mb'], '{0:.1f}'),
                cell(m['threads'], '{0:.0f}'), cell(m['first_begin'], '{0:.2f}'), cell(on_time, '{0:.1f}')))
        ours, reference = medians['terrarium.plugin'], medians['python.d.plugin']
        ratios.append('| {0} | {1} | {2} | {3} |'.format(
            row.label, *(cell(ratio(ours[field], reference[field]), '{0:.2f}x')
                         for field in ('cpu', 'pss_mb', 'first_begin'))))
    if any(row.count > args.python_d_max for row in rows):
        ratios.append('\npython.d.plugin is not run above {0} jobs (--python-d-max).'.format(args.python_d_max))
    return '\n'.join(lines + ratios)


# --- main --------------------------------------------------------------------------------------------------

class Row:
    def __init__(self, module, count, label):
        self.module, self.count, self.label = module, count, label


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog='\n'.join(__doc__.splitlines()[1:]))
    parser.add_argument('--jobs', default='1,1000,5000,20000', help='job counts of the example module')
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--python-d-max', type=int, default=5000, help='python.d.plugin runs up to this many jobs')
    parser.add_argument('--blocking', type=int, default=200, help='slowhttp jobs of the blocking row; 0: none')
    parser.add_argument('--delay', type=float, default=0.2, help='seconds the slow endpoint waits per request')
    parser.add_argument('--warmup', type=float, default=10.0, help='seconds after the first BEGIN')
    parser.add_argument('--window', type=float, default=20.0, help='seconds of the measured window')
    parser.add_argument('--start-timeout', type=float, default=180.0,
                        help='seconds to wait for every job to send a BEGIN')
    parser.add_argument('--terrarium', default=TERRARIUM)
    parser.add_argument('--python-d', default=PYTHON_D)
    parser.add_argument('--keep-logs', metavar='DIR', help="copy each run's stderr into DIR")
    parser.add_argument('--smoke', action='store_true', help='a quick run of every measurement')
    known, _ = parser.parse_known_args()
    if known.smoke:
        parser.set_defaults(**SMOKE)
    args = parser.parse_args()
    try:
        args.job_counts = [int(count) for count in args.jobs.split(',') if count.strip()]
    except ValueError:
        parser.error('--jobs takes whole numbers separated by commas: {0}'.format(args.jobs))
    if any(count < 1 for count in args.job_counts) or args.rounds < 1 or args.blocking < 0:
        parser.error('job counts and rounds must be at least 1, --blocking at least 0')
    return args


def missing_measurements(run):
    measured = (('CPU', run.cpu), ('PSS', run.pss_mb), ('threads', run.threads), ('first BEGIN', run.first_begin),
                ('ticks on time', run.on_time), ("every job's BEGIN", run.all_begun))
    return [name for name, value in measured if value is None]


def fresh_state(root):
    # no job-status file or stored configuration carried over from the run before
    for folder in ('lib', 'lock'):
        shutil.rmtree(os.path.join(root, folder), ignore_errors=True)
        os.makedirs(os.path.join(root, folder))


def measure_row(row, charts, plugins, root, env, args, endpoint):
    """The row's runs, A B A B: {plugin: [Run]}, and the failures to report."""
    runs, failures = {}, []
    for round_number in range(1, args.rounds + 1):
        for plugin, executable in plugins:
            if plugin == 'python.d.plugin' and row.count > args.python_d_max:
                continue
            fresh_state(root)
            time.sleep(random.random())  # both plugins align to whole seconds: sample every phase
            run = run_once(plugin, executable, row.module, charts, env, args, os.path.join(root, plugin + '.log'))
            runs.setdefault(plugin, []).append(run)
            print_run(round_number, row, run)
            if endpoint:
                print('  the slow endpoint answered {0} requests; {1} connections closed before their answer '
                      '(timed out, or in flight when the plugin stopped)'.format(*endpoint.take_counts()), flush=True)
            missing = missing_measurements(run)
            if run.error:
                failures.append('{0} {1}: {2}'.format(row.label, plugin, run.error))
            elif args.smoke and missing:
                failures.append('{0} {1}: no {2}'.format(row.label, plugin, ', '.join(missing)))
    return runs, failures


def main():
    args = parse_args()
    problem = check_executables(args.terrarium, args.python_d)
    if problem:
        sys.exit(problem)
    # SIGTERM and SIGHUP take the same way out as Ctrl-C, through the finally blocks that end the plugins
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda number, frame: sys.exit(128 + number))

    rows = [Row('example', count, str(count)) for count in args.job_counts]
    if args.blocking:
        rows.append(Row('slowhttp', args.blocking, '{0} slowhttp'.format(args.blocking)))
    plugins = [('python.d.plugin', args.python_d), ('terrarium.plugin', args.terrarium)]
    results, failures = {}, []
    root = tempfile.mkdtemp(prefix='scale-')
    endpoint = None
    try:
        env = environment(root, modules=('example', 'slowhttp'), user_plugins_dirs=(USER_PLUGINS,))
        user_config = env['NETDATA_USER_CONFIG_DIR']
        for row in rows:
            names = job_names(row.count)
            if row.module == 'example':
                charts = write_jobs(user_config, 'example', names,
                                    lambda name: (('update_every', 1), ('num_lines', 4)))
                row_endpoint = None
            else:
                endpoint = row_endpoint = endpoint or SlowEndpoint(args.delay)
                endpoint.take_counts()
                charts = write_jobs(user_config, 'slowhttp', names,
                                    lambda name: (('update_every', 1), ('url', endpoint.url(name)), ('timeout', 2)))
            runs, row_failures = measure_row(row, charts, plugins, root, env, args, row_endpoint)
            for plugin, plugin_runs in runs.items():
                results[(row.label, plugin)] = plugin_runs
            failures += row_failures
        print(report(rows, results, args))
    finally:
        for process in list(LIVE):
            end_session(process)
        end_escaped()
        if endpoint:
            endpoint.close()
        shutil.rmtree(root, ignore_errors=True)
    if failures:
        print('\nFAILED:\n' + '\n'.join('  ' + failure for failure in failures))
        sys.exit(1)


def print_run(round_number, row, run):
    on_time = None if run.on_time is None else 100.0 * run.on_time
    if run.all_begun is not None:
        begun = 'all jobs begun {0:.2f} s'.format(run.all_begun)
    else:
        begun = 'not every job sent a BEGIN within --start-timeout ({0} of {1} by the end)'.format(
            run.begun, row.count)
    print('round {0} {1:>14} {2:<16} CPU {3} %  PSS {4} MB  threads {5}  first BEGIN {6} s  {7}  on time {8} %  '
          'stopped in {9} s  load {10:.1f}{11}'.format(
              round_number, row.label, run.plugin, cell(run.cpu, '{0:.1f}'), cell(run.pss_mb, '{0:.1f}'),
              cell(run.threads, '{0}'), cell(run.first_begin, '{0:.2f}'), begun, cell(on_time, '{0:.1f}'),
              cell(run.stopped_in, '{0:.2f}'), run.load, '  FAILED: ' + run.error if run.error else ''), flush=True)


if __name__ == '__main__':
    try:
        main()
    except KeyboardInterrupt:
        print('interrupted; every plugin started was ended', file=sys.stderr)
        sys.exit(130)
