# -*- coding: utf-8 -*-
# The DataKit pythond script of Terrarium's sample collector bundle: how close the host is to its kernel limits
# (threads, pids, open files), read from /proc. It runs unchanged under DataKit's pythond too.

import os
import socket

from datakit_framework import DataKitFramework


def read_number(path):
    with open(path) as f:
        return int(f.read().split()[0])


class KernelLimits(DataKitFramework):
    name = 'KernelLimits'
    interval = 10

    def run(self):
        with open('/proc/loadavg') as f:
            threads = int(f.read().split()[3].split('/')[1])
        with open('/proc/sys/fs/file-nr') as f:
            allocated, unused, files_max = (int(v) for v in f.read().split()[:3])
        threads_max = read_number('/proc/sys/kernel/threads-max')
        pid_max = read_number('/proc/sys/kernel/pid_max')
        fields = {
            'threads': threads,
            'threads_max': threads_max,
            'pid_max': pid_max,
            'files_used': allocated - unused,
            'files_max': files_max,
            'threads_used_percent': round(100.0 * threads / max(1, min(threads_max, pid_max)), 3),
            'files_used_percent': round(100.0 * (allocated - unused) / max(1, files_max), 3),
        }
        return self.feed_metric(
            input='terrarium-sample-bundle',
            measurement='kernel_limits',
            tags={'host': socket.gethostname()},
            fields=fields)
