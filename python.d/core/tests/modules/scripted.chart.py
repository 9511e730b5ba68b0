# -*- coding: utf-8 -*-
# Test fixture: a python.d module whose behaviour is a script in its job configuration.
#
# config keys:
#   order, charts   ORDER and CHARTS (default: chart 'main' with dimensions a and b)
#   check           'default' (SimpleService's), 'false', or 'raise'
#   steps           list of steps; update N runs step N-1 (the last one repeats). A step may have:
#                   actions: [[name, args...]] run before returning data (see _act)
#                   sleep: seconds, raise: message (ValueError), data: the dict get_data returns
#                   (a string 'float:<x>' becomes float(x), to send inf and nan through JSON)

import time

from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['main']

CHARTS = {
    'main': {
        'options': [None, 'Main chart', 'things', 'family', 'scripted.main', 'line'],
        'lines': [
            ['a'],
            ['b', 'bee', 'incremental', 8, 1000],
        ],
    },
}


def _decode(value):
    if isinstance(value, str) and value.startswith('float:'):
        return float(value[len('float:'):])
    return value


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = self.configuration.get('order', ORDER)
        self.definitions = self.configuration.get('charts', CHARTS)
        self.steps = self.configuration.get('steps', [{'data': {'a': 1}}])
        self.checking = False

    def check(self):
        mode = self.configuration.get('check', 'default')
        if mode == 'raise':
            raise RuntimeError('check exploded')
        if mode == 'false':
            return False
        self.checking = True
        try:
            return SimpleService.check(self)
        finally:
            self.checking = False

    def _act(self, action):
        name, args = action[0], action[1:]
        if name == 'add_dimension':
            self.charts[args[0]].add_dimension(args[1])
        elif name == 'hide_dimension':
            self.charts[args[0]].hide_dimension(*args[1:])
        elif name == 'del_dimension':
            self.charts[args[0]].del_dimension(*args[1:])
        elif name == 'obsolete':
            self.charts[args[0]].obsolete()
        elif name == 'del_chart':
            del self.charts[args[0]]
        elif name == 'set_param':
            self.charts[args[0]].params[args[1]] = args[2]
        elif name == 'add_chart':
            self.charts.add_chart(args[0])
        elif name == 'log':
            getattr(self, args[0])(*args[1:])
        else:
            raise KeyError('unknown action {0}'.format(name))

    def get_data(self):
        step = self.steps[min(self.runs_counter, len(self.steps)) - 1]
        if not self.checking:
            for action in step.get('actions', []):
                self._act(action)
        if 'sleep' in step:
            time.sleep(step['sleep'])
        if 'raise' in step:
            raise ValueError(step['raise'])
        data = step.get('data')
        if isinstance(data, dict):
            return dict((key, _decode(value)) for key, value in data.items())
        return data
