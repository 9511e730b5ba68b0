# A counter per job: deterministic values for the in-container tests.
from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['count']
CHARTS = {
    'count': {
        'options': [None, 'Ticks', 'ticks', 'ticker', 'ticker.count', 'line'],
        'lines': [['ticks']],
    },
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS
        self.step = int(self.configuration.get('step', 1))
        # 'start' may be beyond 64 bits: what only Netdata's sinks cannot carry
        self.ticks = int(self.configuration.get('start', 0))

    def check(self):
        return True

    def get_data(self):
        self.ticks += self.step
        return {'ticks': self.ticks}
