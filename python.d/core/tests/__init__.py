# -*- coding: utf-8 -*-
"""Tests of the Terrarium worker, through the real protocol."""
