# End-to-end test module: each value says which run of its job it is and when it ran, so a reader of the output can
# tell what was dropped on the way and whether what it reads is current. As cheap as the stock example module.
from time import time

from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['stamp']
CHARTS = {
    'stamp': {
        'options': [None, 'Run and time', 'value', 'stamp', 'stamp.stamp', 'line'],
        'lines': [['run'], ['epoch']],
    },
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS
        self.run = 0

    def check(self):
        return True

    def get_data(self):
        self.run += 1
        return {'run': self.run, 'epoch': int(time())}
