# -*- coding: utf-8 -*-
"""Terrarium's clean-room implementation of the Netdata python.d framework API."""
