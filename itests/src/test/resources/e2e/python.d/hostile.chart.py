# -*- coding: utf-8 -*-
# End-to-end test module: ids, titles, names and label values built to break a naive protocol writer.
from bases.FrameworkServices.SimpleService import SimpleService

HOSTILE = "it's \"quoted\" = a\nnew line\ttab \\ ünïcødé ✓"

ORDER = ["we'ird id ✓"]
CHARTS = {
    "we'ird id ✓": {
        'options': [None, HOSTILE, "units 'x'", 'fam"ily', 'hostile.context', 'line'],
        'lines': [
            ["dim 'one'", HOSTILE, 'absolute'],
            ['dim=two\nx', 'name "two"', 'absolute'],
            ['plain', 'plain', 'absolute'],
        ],
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
        return {"dim 'one'": self.runs, 'dim=two\nx': 2 * self.runs, 'plain': 7}
