# -*- coding: utf-8 -*-
"""A job that blocks on I/O: reads a number from `url` (benchmarks/scale.py serves one slowly on loopback).

Written for the benchmark; job keys are UrlService's (`url`, `timeout`). The chart has one dimension, the
number the endpoint answered, so a tick's BEGIN comes only after the request returned.
"""

from bases.FrameworkServices.UrlService import UrlService

ORDER = ['answer']

CHARTS = {
    'answer': {
        'options': [None, 'Slow endpoint answer', 'requests', 'slowhttp', 'slowhttp.answer', 'line'],
        'lines': [
            ['served', 'served', 'absolute'],
        ],
    },
}


class Service(UrlService):
    def __init__(self, configuration=None, name=None):
        UrlService.__init__(self, configuration=configuration, name=name)
        self.order = ORDER
        self.definitions = CHARTS

    def _get_data(self):
        text = self._get_raw_data()
        if text is None:
            return None
        try:
            return {'served': int(text.strip())}
        except ValueError:
            self.error('not a number from {0}: {1!r}'.format(self.url, text[:40]))
            return None
