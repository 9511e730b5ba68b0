# DataKitPipelineIT: an event validation must refuse (df_status is not one of the table's values).
from datakit_framework import DataKitFramework


class BadEvent(DataKitFramework):
    name = 'BadEvent'
    interval = 1

    def run(self):
        return self.report({
            'E': [{'measurement': 'e2e_event', 'tags': {'kind': 'bad'},
                   'fields': {'df_date_range': 10, 'df_source': 'system', 'df_status': 'fatal',
                              'df_event_id': 'ev-bad', 'df_title': 'bad event'},
                   'time': 1700000006000}],
            'input': 'e2e',
            'precision': 'ms',
        })
