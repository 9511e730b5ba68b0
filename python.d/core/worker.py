# -*- coding: utf-8 -*-
"""Terrarium's Python worker: ``python3 -u worker.py [--debug] [--trace]``.

Speaks docs/worker-protocol.md on stdin/stdout. This file only makes the folder it lives in importable
(ahead of anything else, so ``bases`` is ours) and hands over to the terrarium_worker package.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from terrarium_worker import main  # noqa: E402  (needs the path above)

if __name__ == '__main__':
    main(sys.argv[1:])
