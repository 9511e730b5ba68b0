# -*- coding: utf-8 -*-
"""python.d framework services: SimpleService and the services built on it."""
