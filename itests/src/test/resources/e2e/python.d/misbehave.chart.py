# End-to-end test module: each job misbehaves as its `mode` key says (ok, raise, hang, checkhang, print).
import os
import sys
import time

from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['counter']
CHARTS = {
    'counter': {
        'options': [None, 'Counter', 'runs', 'misbehave', 'misbehave.counter', 'line'],
        'lines': [['runs']],
    },
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS
        self.mode = self.configuration.get('mode', 'ok')
        self.runs = 0

    def check(self):
        if self.mode == 'checkhang':
            time.sleep(3600)
        return True

    def get_data(self):
        self.runs += 1
        if self.mode == 'raise':
            raise RuntimeError('deliberate failure in get_data')
        if self.mode == 'hang':
            time.sleep(3600)
        if self.mode == 'print':
            print('CHART this.is a stray print that must not reach Netdata')
            sys.stdout.flush()
            os.write(1, b'BEGIN raw write on fd 1\n')
        return {'runs': self.runs}
