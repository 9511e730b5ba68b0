# End-to-end test module: its dependency, `terrarium_venv_probe`, is installed only in a virtualenv, so it runs
# only when its `python` key names that virtualenv's interpreter.
import sys

import terrarium_venv_probe

from bases.FrameworkServices.SimpleService import SimpleService

ORDER = ['probe']
CHARTS = {
    'probe': {
        'options': [None, 'Value from a package in a virtualenv', 'value', 'venv', 'venvonly.probe', 'line'],
        'lines': [['value'], ['in_venv']],
    },
}


class Service(SimpleService):
    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS

    def check(self):
        return True

    def get_data(self):
        return {'value': terrarium_venv_probe.VALUE, 'in_venv': int(sys.prefix != sys.base_prefix)}
