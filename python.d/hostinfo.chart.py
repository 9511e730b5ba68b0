# -*- coding: utf-8 -*-
# hostinfo: load, memory and kernel activity of this host, read from /proc.
# A sample python.d module shipped with Terrarium; it runs unchanged under Netdata's python.d.plugin too.

from bases.FrameworkServices.SimpleService import SimpleService

update_every = 1
priority = 70000

ORDER = ['load', 'memory', 'activity']

CHARTS = {
    'load': {
        'options': [None, 'System load average', 'load', 'load', 'hostinfo.load', 'line'],
        'lines': [
            ['load1', '1 min', 'absolute', 1, 100],
            ['load5', '5 min', 'absolute', 1, 100],
            ['load15', '15 min', 'absolute', 1, 100],
        ],
    },
    'memory': {
        'options': [None, 'Memory', 'MiB', 'memory', 'hostinfo.memory', 'stacked'],
        'lines': [
            ['used', 'used', 'absolute', 1, 1024],
            ['cached', 'cached', 'absolute', 1, 1024],
            ['buffers', 'buffers', 'absolute', 1, 1024],
            ['free', 'free', 'absolute', 1, 1024],
        ],
    },
    'activity': {
        'options': [None, 'Kernel activity', 'events/s', 'activity', 'hostinfo.activity', 'line'],
        'lines': [
            ['ctxt', 'context switches', 'incremental'],
            ['processes', 'forks', 'incremental'],
            ['intr', 'interrupts', 'incremental'],
        ],
    },
}


def read_loadavg(path):
    with open(path) as f:
        fields = f.read().split()
    return {
        'load1': int(float(fields[0]) * 100),
        'load5': int(float(fields[1]) * 100),
        'load15': int(float(fields[2]) * 100),
    }


def read_meminfo(path):
    kib = {}
    with open(path) as f:
        for line in f:
            name, _, rest = line.partition(':')
            value = rest.split()
            if value:
                kib[name] = int(value[0])
    total = kib.get('MemTotal', 0)
    free = kib.get('MemFree', 0)
    buffers = kib.get('Buffers', 0)
    cached = kib.get('Cached', 0) + kib.get('SReclaimable', 0)
    return {
        'used': max(0, total - free - buffers - cached),
        'cached': cached,
        'buffers': buffers,
        'free': free,
    }


def read_stat(path):
    data = {}
    with open(path) as f:
        for line in f:
            fields = line.split()
            if fields and fields[0] in ('ctxt', 'processes', 'intr'):
                data[fields[0]] = int(fields[1])
    return data


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS
        self.proc = self.configuration.get('proc', '/proc')

    def check(self):
        try:
            return bool(self._get_data())
        except (IOError, OSError, ValueError, IndexError) as error:
            self.error('cannot read {0}: {1}'.format(self.proc, error))
            return False

    def _get_data(self):
        data = {}
        data.update(read_loadavg(self.proc + '/loadavg'))
        data.update(read_meminfo(self.proc + '/meminfo'))
        data.update(read_stat(self.proc + '/stat'))
        return data
