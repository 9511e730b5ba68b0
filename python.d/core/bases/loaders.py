# -*- coding: utf-8 -*-
"""YAML loading of the python.d framework API (Terrarium's own implementation).

Stock modules import ``load_yaml`` (beanstalk parses its server's YAML replies with it); ``load_config``
reads a file. PyYAML is the one non-standard dependency: the interpreter's own copy, or the one a Netdata
installation bundles in ``python.d/python_modules`` (the worker puts that folder on sys.path). Without it,
importing this module raises an ImportError that says what is missing.
"""

import sys

try:
    import yaml
except ImportError:
    raise ImportError('bases.loaders needs PyYAML, which {0} cannot import '
                      '(install python3-yaml or `pip install pyyaml`)'.format(sys.executable))


class _OrderedSafeLoader(getattr(yaml, 'CSafeLoader', yaml.SafeLoader)):
    """SafeLoader that builds every mapping as a plain dict in document order.

    A subclass, so registering the mapping constructor does not change PyYAML for anyone else in the process.
    Plain dicts keep insertion order, which is all python.d's OrderedDict gave modules.
    """


def _mapping_in_order(loader, node):
    loader.flatten_mapping(node)
    return dict(loader.construct_pairs(node, deep=True))


_OrderedSafeLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_in_order)


def load_yaml(stream):
    """The single YAML document in ``stream`` (text, bytes or an open file); safe tags only.

    Raises ``yaml.YAMLError`` on bad YAML.
    """
    return yaml.load(stream, Loader=_OrderedSafeLoader)


def load_config(file_name):
    """The YAML document in the file at ``file_name``; raises OSError or ``yaml.YAMLError``."""
    with open(file_name, 'r') as stream:
        return load_yaml(stream)
