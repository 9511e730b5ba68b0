# Test module for the runner: each job does what its `mode` key says.
#   ok      counts up
#   raise   raises in get_data
#   hang    spawns a child process, then hangs in get_data
#   print   prints to stdout (and through os.write on fd 1) before answering
#   checkhang  hangs in check()
#   checkfalse check() returns False
#   log     logs through self.info in check(), self.info and self.error in get_data
#   chatty  logs 25 numbered self.info lines in each get_data
#   child   starts in check() a child holding 48 MiB resident, its pid written to `pidfile`
import os
import subprocess
import sys
import time

from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['value']
CHARTS = {
    'value': {
        'options': [None, 'Value', 'things', 'behave', 'behave.value', 'line'],
        'lines': [['value']],
    },
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS
        self.mode = self.configuration.get('mode', 'ok')
        self.count = 0

    def check(self):
        if self.mode == 'checkhang':
            time.sleep(3600)
        if self.mode == 'log':
            self.info('checking the behave job')
        if self.mode == 'child':
            child = subprocess.Popen([sys.executable, '-c',
                                      'import time\nheld = b"x" * (48 << 20)\ntime.sleep(3600)\n'])
            with open(self.configuration['pidfile'], 'w') as out:
                out.write('%d\n' % child.pid)
        return self.mode != 'checkfalse'

    def get_data(self):
        self.count += 1
        if self.mode == 'raise':
            raise ValueError('boom from get_data')
        if self.mode == 'hang':
            child = subprocess.Popen(['sleep', '3600'])
            with open(self.configuration['pidfile'], 'w') as out:
                out.write('%d %d\n' % (os.getpid(), child.pid))
            time.sleep(3600)
        if self.mode == 'log':
            self.info('collecting run', self.count)
            self.error('something went wrong in run', self.count)
        if self.mode == 'chatty':
            for line in range(1, 26):
                self.info('chatty line', line)
        if self.mode == 'print':
            print('hello from print')
            sys.stdout.flush()
            os.write(1, b'raw bytes on fd 1\n')
        return {'value': self.count}
