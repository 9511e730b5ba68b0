# Named like the standard library's `test` package: DataKit's pythond never runs it (its folder shadows the
# stdlib on sys.path); Terrarium loads it by path and runs it.
from datakit_framework import DataKitFramework


class StdlibNamed(DataKitFramework):
    interval = 10

    def run(self):
        return self.feed_metric(input='bugs', measurement='stdlib_named', tags={'t': 'v'}, fields={'ran': 1})
