# DataKitPipelineIT: a counter, one point per run, stamped with the run's time; nothing may be lost or reordered.
from datakit_framework import DataKitFramework


class Sequence(DataKitFramework):
    name = 'Sequence'
    interval = 1

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.n = 0

    def run(self):
        self.n += 1
        return self.report({'M': [{'measurement': 'e2e_seq', 'tags': {'script': 'sequence'},
                                   'fields': {'n': self.n}}], 'input': 'e2e_seq'})
