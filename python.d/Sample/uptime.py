# -*- coding: utf-8 -*-
# A sample DataKit pythond script shipped with Terrarium: the host's uptime and process counts from /proc.
# It runs unchanged under DataKit's pythond too.

import os
import socket

from datakit_framework import DataKitFramework


class Uptime(DataKitFramework):
    name = 'Uptime'
    interval = 10

    def run(self):
        with open('/proc/uptime') as f:
            uptime, idle = (float(v) for v in f.read().split()[:2])
        with open('/proc/loadavg') as f:
            running, total = (int(v) for v in f.read().split()[3].split('/'))
        return self.feed_metric(
            input='terrarium-sample',
            measurement='host_uptime',
            tags={'host': socket.gethostname()},
            fields={'uptime': uptime, 'idle': idle, 'procs_running': running, 'procs_total': total,
                    'cpus': os.cpu_count() or 1})
