# -*- coding: utf-8 -*-
# Test fixture: a module that writes to stdout every way it can, and lists the descriptors a child inherits.

import os
import subprocess
import sys

from bases.FrameworkServices.SimpleService import SimpleService

print('noise from import')

LIST_FDS = ('import os\n'
            'for n in sorted(os.listdir("/proc/self/fd"), key=int):\n'
            '    try:\n'
            '        print("childfd", n, os.readlink("/proc/self/fd/" + n))\n'
            '    except OSError:\n'
            '        pass\n')


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ['noise']
        self.definitions = {'noise': {'options': [None, 'Noise', 'lines', 'noise', 'noisy.noise', 'line'],
                                      'lines': [['printed']]}}
        print('noise from constructor')

    def check(self):
        # close_fds=False: the child gets every inheritable descriptor we have.
        subprocess.call([sys.executable, '-c', LIST_FDS], close_fds=False)
        return True

    def get_data(self):
        print('noise from print')
        sys.stdout.write('noise from sys.stdout\n')
        os.write(1, b'noise from fd 1\n')
        subprocess.call(['echo', 'noise from a child'])
        return {'printed': 1}
