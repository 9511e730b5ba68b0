#!/usr/bin/env python3
"""Throughput of the DataKit sink against DataKit's own way, on the same points, in the same run.

DataKit's way: the pythond SDK's report() posts each report as JSON with `requests`, one POST per report
(`requests.post`, a new connection each time, as the SDK calls it); also shown with a keep-alive
`requests.Session`, the best Python can do that way. Terrarium's way: the same reports delivered to the
DataKit sink (io.terrarium.sink.datakit) by one job thread, encoded as line protocol, batched and posted
by its sender. Both write to the same loopback DataKit stand-in (Java, 200 with an empty body, counting the
points it receives). Validation is not part of either measurement.

Each report is the seed document's Demo report (measurement abc/def, tags t1 and t2, an integer, a float and
a string field), numbered so no two points are equal. Rounds alternate; the medians and their ratio are
printed.

    benchmarks/datakit_sink.py [--reports N] [--points-per-report K] [--rounds R]

Needs the sink built (mvn -o -q install -pl bundles/io.terrarium.sink.datakit), the distribution built
(its lib/ and bundle/ hold the API, jackson and slf4j jars), and python3-requests.
"""

import argparse
import glob
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..'))
DIST = os.path.join(ROOT, 'distribution', 'target', 'terrarium')


def jars():
    found = []
    for pattern in ('lib/org.apache.felix.framework-*.jar', 'lib/slf4j-api-*.jar', 'lib/slf4j-simple-*.jar', 'bundle/io.terrarium.api-*.jar',
                    'bundle/jackson-core-*.jar', 'bundle/jackson-databind-*.jar', 'bundle/jackson-annotations-*.jar'):
        matches = sorted(glob.glob(os.path.join(DIST, pattern)))
        if not matches:
            sys.exit('missing {0}: build the distribution first (mvn -q package -DskipTests)'.format(pattern))
        found.append(matches[-1])
    sink = sorted(glob.glob(os.path.join(ROOT, 'bundles', 'io.terrarium.sink.datakit', 'target',
                                         'io.terrarium.sink.datakit-*.jar')))
    if not sink:
        sys.exit('missing the sink jar: mvn -o -q install -pl bundles/io.terrarium.sink.datakit')
    found.append(sink[-1])
    return found


def points(report, per_report):
    """The same points DataKitSinkBench.points builds."""
    return [{
        'measurement': 'abc' if j % 2 == 0 else 'def',
        'tags': {'t1': 'b', 't2': 'd'},
        'fields': {'f1': 123 + report, 'f2': 3.4, 'f3': 'strval'},
        'time': 1700000000000000000 + report * per_report + j,
    } for j in range(per_report)]


class JavaSide:
    """The loopback DataKit stand-in and the sink, in one JVM, driven over stdin/stdout."""

    def __init__(self, classpath):
        self.process = subprocess.Popen(['java', '-cp', classpath, 'io.terrarium.sink.datakit.internal.DataKitSinkBench'],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                        text=True, bufsize=1)
        words = self.process.stdout.readline().split()
        if not words or words[0] != 'PORT':
            raise RuntimeError('the Java side did not start')
        self.port = int(words[1])

    def ask(self, command):
        self.process.stdin.write(command + '\n')
        self.process.stdin.flush()
        return self.process.stdout.readline().split()

    def close(self):
        try:
            self.ask('quit')
        except (BrokenPipeError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def datakit_way(port, reports, per_report, session):
    import requests
    url = 'http://127.0.0.1:{0}/v1/write/metric?input=datakitpy&precision=n'.format(port)
    bodies = [json.dumps(points(i, per_report)) for i in range(reports)]
    post = session.post if session is not None else requests.post
    headers = {'Content-Type': 'application/json'}
    started = time.perf_counter()
    for body in bodies:
        response = post(url, data=body, headers=headers)
        if response.status_code != 200:
            raise RuntimeError('HTTP {0}'.format(response.status_code))
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--reports', type=int, default=5000)
    parser.add_argument('--points-per-report', type=int, default=2)
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args()
    try:
        import requests
    except ImportError:
        sys.exit('python3-requests is needed (apt-get install -y python3-requests)')

    build = tempfile.mkdtemp(prefix='datakit-bench-')
    java = None
    try:
        classpath = os.pathsep.join(jars())
        subprocess.run(['javac', '-d', build, '-cp', classpath, os.path.join(HERE, 'DataKitSinkBench.java')],
                       check=True)
        java = JavaSide(os.pathsep.join([build, classpath]))
        total = args.reports * args.points_per_report

        def check(kind):
            words = java.ask('count')
            if int(words[1]) != total:
                raise RuntimeError('{0}: the server counted {1} points, not {2}'.format(kind, words[1], total))

        results = {'requests.post': [], 'requests.Session': [], 'sink': []}
        deliver = []
        # warm-up of both (JIT, connection set-up), not counted
        warm = max(1, args.reports // 5)
        datakit_way(java.port, warm, args.points_per_report, requests.Session())
        java.ask('sink {0} {1}'.format(warm, args.points_per_report))
        java.ask('count')
        for round_number in range(1, args.rounds + 1):
            seconds = datakit_way(java.port, args.reports, args.points_per_report, None)
            check('requests.post')
            results['requests.post'].append(total / seconds)
            with requests.Session() as session:
                seconds = datakit_way(java.port, args.reports, args.points_per_report, session)
            check('requests.Session')
            results['requests.Session'].append(total / seconds)
            words = java.ask('sink {0} {1}'.format(args.reports, args.points_per_report))
            if words[0] != 'SINK':
                raise RuntimeError(' '.join(words))
            check('sink')
            results['sink'].append(total / float(words[2]))
            deliver.append(float(words[3]) / args.reports * 1e6)
            print('round {0}: requests.post {1:,.0f} points/s, requests.Session {2:,.0f} points/s, '
                  'sink {3:,.0f} points/s ({4:.1f} us per report in deliver())'.format(
                      round_number, results['requests.post'][-1], results['requests.Session'][-1],
                      results['sink'][-1], deliver[-1]))
        median = {kind: statistics.median(values) for kind, values in results.items()}
        print()
        print('{0} reports of {1} points ({2} points), median of {3} rounds:'.format(
            args.reports, args.points_per_report, total, args.rounds))
        print('  DataKit SDK way, requests.post per report:    {0:>12,.0f} points/s'.format(median['requests.post']))
        print('  same, with a keep-alive requests.Session:     {0:>12,.0f} points/s'.format(median['requests.Session']))
        print('  Terrarium DataKit sink (line protocol, batches): {0:>9,.0f} points/s'.format(median['sink']))
        print('  ratio sink / requests.post: {0:.1f}x; sink / requests.Session: {1:.1f}x'.format(
            median['sink'] / median['requests.post'], median['sink'] / median['requests.Session']))
    finally:
        if java is not None:
            java.close()
        shutil.rmtree(build, ignore_errors=True)


if __name__ == '__main__':
    main()
