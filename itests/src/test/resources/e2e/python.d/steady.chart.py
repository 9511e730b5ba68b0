# End-to-end test module: a healthy job in its own module (so its own worker) that must keep every tick.
from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['ticks']
CHARTS = {
    'ticks': {
        'options': [None, 'Ticks', 'ticks', 'steady', 'steady.ticks', 'line'],
        'lines': [['tick']],
    },
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS
        self.count = 0

    def check(self):
        return True

    def get_data(self):
        self.count += 1
        return {'tick': self.count}
