"""What the benchmarks share: where both plugins are, the environment Netdata would give them, stopping them.

Both plugins get the same environment: NETDATA_USER_CONFIG_DIR, NETDATA_LIB_DIR and NETDATA_LOCK_DIR in a temp
folder, Debian's stock config and plugins folders, and a python.d.conf that turns on the modules asked for
(the stock one disables `example`).
"""

import os
import signal
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
TERRARIUM = os.path.normpath(os.path.join(HERE, '..', 'distribution', 'target', 'terrarium', 'bin',
                                          'terrarium.plugin'))
PYTHON_D = '/usr/lib/netdata/plugins.d/python.d.plugin'
STOCK_CONFIG = '/usr/lib/netdata/conf.d'
STOCK_PLUGINS = '/usr/lib/netdata/plugins.d'


def environment(root, modules=('example',), user_plugins_dirs=()):
    """The plugins' environment under `root` (etc/, lib/, lock/ made there); `user_plugins_dirs` each hold a
    python.d/ folder of extra modules, as NETDATA_USER_PLUGINS_DIRS says for both plugins."""
    user = os.path.join(root, 'etc')
    for folder in ('etc', 'lib', 'lock'):
        os.makedirs(os.path.join(root, folder), exist_ok=True)
    with open(os.path.join(user, 'python.d.conf'), 'w') as conf:
        conf.writelines('{0}: yes\n'.format(module) for module in modules)
    env = dict(os.environ)
    env.update({
        'NETDATA_USER_CONFIG_DIR': user,
        'NETDATA_STOCK_CONFIG_DIR': STOCK_CONFIG,
        'NETDATA_PLUGINS_DIR': STOCK_PLUGINS,
        'NETDATA_LIB_DIR': os.path.join(root, 'lib'),
        'NETDATA_LOCK_DIR': os.path.join(root, 'lock'),
        'PYTHONUNBUFFERED': '1',
    })
    if user_plugins_dirs:
        env['NETDATA_USER_PLUGINS_DIRS'] = ' '.join(user_plugins_dirs)
    return env


def check_executables(*paths):
    """A message naming the first path that is not an executable, or None."""
    for path in paths:
        if not os.access(path, os.X_OK):
            return 'not found or not executable: {0}'.format(path)
    return None


def stop(process, timeout=5.0):
    """SIGTERM to the process group the plugin leads (started with start_new_session), SIGKILL if it is still
    there after `timeout`; then waits for the leader."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
