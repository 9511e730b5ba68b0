# -*- coding: utf-8 -*-
# handles: the kernel's file-handle and socket tables, read from /proc. A slow climb in either is how a descriptor
# or connection leak shows before "Too many open files". The python.d module of Terrarium's sample collector bundle;
# it runs unchanged under Netdata's python.d.plugin too.

from bases.FrameworkServices.SimpleService import SimpleService

update_every = 1
priority = 71000

ORDER = ['files', 'sockets']

CHARTS = {
    'files': {
        'options': [None, 'Open file handles', 'handles', 'files', 'handles.files', 'line'],
        'lines': [
            ['files_used', 'used', 'absolute'],
        ],
    },
    'sockets': {
        'options': [None, 'Sockets in use', 'sockets', 'sockets', 'handles.sockets', 'stacked'],
        'lines': [
            ['tcp_inuse', 'tcp', 'absolute'],
            ['tcp_tw', 'tcp time-wait', 'absolute'],
            ['tcp_orphan', 'tcp orphan', 'absolute'],
            ['udp_inuse', 'udp', 'absolute'],
            ['raw_inuse', 'raw', 'absolute'],
        ],
    },
}

# /proc/net/sockstat: protocol -> the fields we chart
SOCKSTAT = {
    'TCP': ('inuse', 'tw', 'orphan'),
    'UDP': ('inuse',),
    'RAW': ('inuse',),
}


def read_file_nr(path):
    """/proc/sys/fs/file-nr: allocated, allocated but unused (0 on current kernels), the system-wide limit."""
    with open(path) as f:
        allocated, unused, _limit = (int(v) for v in f.read().split()[:3])
    return {'files_used': allocated - unused}


def read_sockstat(path):
    data = {}
    with open(path) as f:
        for line in f:
            protocol, _, rest = line.partition(':')
            wanted = SOCKSTAT.get(protocol.strip())
            if not wanted:
                continue
            words = rest.split()
            pairs = dict(zip(words[0::2], words[1::2]))
            for key in wanted:
                if key in pairs:
                    data['{0}_{1}'.format(protocol.strip().lower(), key)] = int(pairs[key])
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
        except (IOError, OSError, ValueError) as error:
            self.error('cannot read {0}: {1}'.format(self.proc, error))
            return False

    def _get_data(self):
        data = read_file_nr(self.proc + '/sys/fs/file-nr')
        data.update(read_sockstat(self.proc + '/net/sockstat'))
        return data
