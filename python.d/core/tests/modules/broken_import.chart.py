# -*- coding: utf-8 -*-
# Test fixture: a module whose import fails.

import terrarium_no_such_dependency  # noqa: F401

from bases.FrameworkServices.SimpleService import SimpleService


class Service(SimpleService):
    pass
