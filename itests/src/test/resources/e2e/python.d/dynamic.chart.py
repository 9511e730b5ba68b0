# -*- coding: utf-8 -*-
# End-to-end test module: charts that change while it runs. 'grow' gains a dimension on each of its first runs,
# hides one and deletes one (whose value it keeps returning); 'blink' has data for two runs out of four, so with
# chart_cleanup: 1 it goes obsolete and comes back. The daemon disables a plugin that SETs a dimension it does
# not know, so this module running under it proves the definitions always go out first.
from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['grow', 'blink']
CHARTS = {
    'grow': {
        'options': [None, 'Growing chart', 'things', 'dynamic', 'dynamic.grow', 'line'],
        'lines': [['d0']],
    },
    'blink': {
        'options': [None, 'Blinking chart', 'things', 'dynamic', 'dynamic.blink', 'line'],
        'lines': [['on']],
    },
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS
        self.runs = 0

    def check(self):
        return True

    def get_data(self):
        self.runs += 1
        grow = self.charts['grow'] if self.charts and 'grow' in self.charts else None
        if grow is not None:
            if self.runs <= 4:
                grow.add_dimension(['d{0}'.format(self.runs)])
            if self.runs == 3:
                grow.hide_dimension('d1')
            if self.runs == 5:
                grow.del_dimension('d2')
        data = dict(('d{0}'.format(i), 10 * i + self.runs) for i in range(0, min(self.runs, 4) + 1))
        if self.runs % 4 in (1, 2):
            data['on'] = self.runs
        return data
