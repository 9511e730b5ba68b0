# Kills its own process on its first run (a C extension crashing would look the same): DataKit never restarts a
# pythond process that exits; Terrarium restarts the worker and the script reports from then on.
import os

from datakit_framework import DataKitFramework

FLAG = os.environ['TERRARIUM_CRASH_FLAG']


class Crasher(DataKitFramework):
    interval = 10

    def run(self):
        if not os.path.exists(FLAG):
            with open(FLAG, 'w') as flag:
                flag.write('crashed once\n')
            os._exit(3)
        return self.feed_metric(input='bugs', measurement='after_crash', tags={'t': 'v'}, fields={'ran': 1})
