# Its import fails: DataKit's pythond process dies of it; Terrarium reports it and runs the other scripts.
import terrarium_no_such_module_anywhere

from datakit_framework import DataKitFramework


class Broken(DataKitFramework):
    interval = 10

    def run(self):
        pass
