# No `interval`: DataKit's pythond crashes at start-up; Terrarium runs it every 10 s.
from datakit_framework import DataKitFramework


class NoInterval(DataKitFramework):

    def run(self):
        return self.feed_metric(input='bugs', measurement='no_interval', tags={'t': 'v'}, fields={'ran': 1})
