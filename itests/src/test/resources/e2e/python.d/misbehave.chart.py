# End-to-end test module: each job behaves as its `mode` key says:
#   ok, raise (in get_data), hang (in get_data), checkhang, print (to stdout),
#   checkfalse (check() returns False), checkfile (check() passes once the file at `flag` exists).
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
        if self.mode == 'checkfile':
            return os.path.exists(self.configuration['flag'])
        return self.mode != 'checkfalse'

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
