# -*- coding: utf-8 -*-
# Test fixture: module globals that take part in the effective settings; reports what its job received.

from bases.FrameworkServices.SimpleService import SimpleService

update_every = 5
priority = 70000
chart_cleanup = 3
penalty = False

ORDER = ['first', 'second']

CHARTS = {
    'first': {'options': [None, 'First', 'n', 'f', 'withglobals.first', 'line'], 'lines': [['x']]},
    'second': {'options': [None, 'Second', 'n', 'f', 'withglobals.second', 'area'], 'lines': [['y']]},
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS

    def check(self):
        self.info('received update_every={0} priority={1} keys={2}'.format(
            self.update_every, self.priority, ','.join(sorted(self.configuration))))
        return True

    def get_data(self):
        return {'x': 1, 'y': 2}
