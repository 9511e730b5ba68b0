# DataKitPipelineIT: one record of each category, with explicit times (precision ms) so what arrives is exact.
from datakit_framework import DataKitFramework

HOSTILE_TAG = 'a b,c="d"=e \'q\' ünïcødé ✓'
HOSTILE_STRING = 'line1\nline2 "quoted", a=b c=d, back\\slash ünïcødé ✓'


class AllCategories(DataKitFramework):
    name = 'AllCategories'
    interval = 1

    def run(self):
        return self.report({
            'M': [
                {'measurement': 'e2e_metric', 'tags': {'host': 'h1', 'hostile': HOSTILE_TAG},
                 'fields': {'count': 42, 'ratio': 0.5, 'up': True, 'label': HOSTILE_STRING},
                 'time': 1700000000123},
                {'measurement': 'e2e metric,odd', 'tags': {'tag key=x': 'v w'},
                 'fields': {'field key=y': 7}, 'time': 1700000000124},
                # line protocol cannot carry a tag value ending in a backslash: this one goes as JSON
                {'measurement': 'e2e_windows', 'tags': {'path': 'C:\\Users\\'},
                 'fields': {'free': 12}, 'time': 1700000000125},
            ],
            'L': [{'measurement': 'e2e_log', 'tags': {'service': 'svc', 'hostile': HOSTILE_TAG},
                   'fields': {'message': HOSTILE_STRING, 'status': 'info'}, 'time': 1700000001001}],
            'O': [{'measurement': 'e2e_host', 'tags': {'name': 'host-1'},
                   'fields': {'cpus': 8, 'os': 'linux'}, 'time': 1700000002002}],
            'CO': [{'measurement': 'e2e_custom', 'tags': {'name': 'thing-1'},
                    'fields': {'size': 3.25, 'ok': False}, 'time': 1700000003003}],
            'R': [{'measurement': 'view', 'tags': {'app_id': 'app1', 'hostile': HOSTILE_TAG},
                   'fields': {'duration': 120, 'page': 'http://x/?a=b c'}, 'time': 1700000004004}],
            'E': [
                {'measurement': 'e2e_event', 'tags': {'kind': 'system'},
                 'fields': {'df_date_range': 10, 'df_source': 'system', 'df_status': 'ok',
                            'df_event_id': 'ev-system', 'df_title': 'system event',
                            'df_message': HOSTILE_STRING},
                 'time': 1700000005001},
                {'measurement': 'e2e_event', 'tags': {'kind': 'monitor'},
                 'fields': {'df_date_range': 10, 'df_source': 'monitor', 'df_status': 'warning',
                            'df_event_id': 'ev-monitor', 'df_title': 'monitor event',
                            'df_dimension_tags': '{"host":"web01"}'},
                 'time': 1700000005002},
                {'measurement': 'e2e_event', 'tags': {'kind': 'user'},
                 'fields': {'df_date_range': 10, 'df_source': 'user', 'df_status': 'info',
                            'df_event_id': 'ev-user', 'df_title': 'user event', 'df_user_id': 'u1'},
                 'time': 1700000005003},
            ],
            'input': 'e2e',
            'precision': 'ms',
        })
