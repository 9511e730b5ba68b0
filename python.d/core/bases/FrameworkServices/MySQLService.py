# -*- coding: utf-8 -*-
"""MySQLService: a python.d job that runs SELECT/SHOW queries on MySQL or MariaDB (Terrarium's own
implementation).

Needs a DB-API driver: mysqlclient (``MySQLdb``) or PyMySQL. Without one, importing this module raises an
ImportError saying so, and the worker reports it as the import failure of the module that uses it.

Job keys: ``user``, ``pass``, then ``socket``, or ``host`` + ``port`` (3306), or ``my.cnf``; ``ssl`` (the
driver's ssl mapping) and ``queries`` (name -> query; replaces the module's ``self.queries``). A module may
add driver arguments in ``self.extra_conn_properties``. ``_get_raw_data(description=None)`` returns
``{name: rows}`` (``{name: (rows, cursor.description)}`` with ``description``), or None. Not thread-safe.
"""

import sys

try:
    import MySQLdb as driver
except ImportError:
    try:
        import pymysql as driver
    except ImportError:
        raise ImportError('MySQLService needs a MySQL driver: neither MySQLdb (mysqlclient) nor pymysql can be '
                          'imported by {0} (install python3-pymysql or `pip install pymysql`)'.format(sys.executable))

from bases.FrameworkServices.SimpleService import SimpleService

DEFAULT_PORT = 3306
READ_ONLY_PREFIXES = ('select', 'show')
# An OperationalError with one of these in its text concerns a single query (grants, a column missing on
# this server version): that query is dropped and the others go on. Any other one means the connection.
QUERY_LEVEL_ERRORS = ('denied', 'unknown column')

DRIVER_NAME = driver.__name__


def _is_read_only(query):
    return isinstance(query, str) and query.lstrip().lower().startswith(READ_ONLY_PREFIXES)


class MySQLService(SimpleService):

    def __init__(self, configuration=None, name=None):
        SimpleService.__init__(self, configuration=configuration, name=name)
        self.queries = {}
        self.extra_conn_properties = {}
        self._mysql_connection = None
        self._mysql_properties = None
        self._mysql_configured_queries = self.configuration.get('queries') or {}

    # --- connection ---

    def _mysql_connection_properties(self):
        conf = self.configuration
        properties = {}
        if conf.get('user'):
            properties['user'] = conf['user']
        if conf.get('pass'):
            properties['passwd'] = conf['pass']
        if conf.get('socket'):
            properties['unix_socket'] = conf['socket']
        elif conf.get('host'):
            properties['host'] = conf['host']
            properties['port'] = int(conf.get('port') or DEFAULT_PORT)
        elif conf.get('my.cnf'):
            properties.update(read_default_file=conf['my.cnf'])
        if conf.get('ssl'):
            properties['ssl'] = conf['ssl']
        if isinstance(self.extra_conn_properties, dict):
            properties.update(self.extra_conn_properties)
        return properties

    def _mysql_connect(self):
        """Opens the connection; returns the error text, or None when connected."""
        try:
            self._mysql_connection = driver.connect(connect_timeout=max(int(self.update_every), 1),
                                                    **self._mysql_properties)
        except Exception as error:  # the drivers raise their own errors, and TypeError on bad arguments
            self._mysql_connection = None
            return '{0}: {1}'.format(type(error).__name__, error)
        return None

    def _mysql_close(self):
        connection, self._mysql_connection = self._mysql_connection, None
        if connection is not None:
            try:
                connection.close()
            except Exception:
                pass

    def _release_resources(self):
        if getattr(self, '_mysql_connection', None) is not None:
            self._mysql_close()
        super(MySQLService, self)._release_resources()

    # --- queries ---

    def _mysql_valid_queries(self, queries):
        if not isinstance(queries, dict) or not queries:
            self.error('queries must be a non-empty mapping of names to SELECT or SHOW statements, got {0!r}'
                       .format(queries))
            return {}
        valid = dict((name, query) for name, query in queries.items() if _is_read_only(query))
        for name in queries:
            if name not in valid:
                self.error('query {0} dropped: only SELECT and SHOW statements run'.format(name))
        return valid

    def _mysql_run(self, cursor, name, query, description):
        """Rows of one query; None when the query was dropped; raises when the connection is unusable."""
        try:
            cursor.execute(query)
        except (driver.ProgrammingError, driver.OperationalError) as error:
            text = str(error).lower()
            if isinstance(error, driver.OperationalError) and not any(word in text for word in QUERY_LEVEL_ERRORS):
                raise
            self.error('query {0} dropped ({1}): {2}'.format(name, query, error))
            self.queries.pop(name, None)
            return None
        rows = cursor.fetchall()
        return (rows, cursor.description) if description else rows

    def _get_raw_data(self, description=None):
        """``{query name: rows}`` (rows and cursor description with ``description``), or None."""
        if self._mysql_connection is None:
            failure = self._mysql_connect()
            if failure:
                self.debug('cannot connect to MySQL: {0}'.format(failure))
                return None
        result = {}
        try:
            cursor = self._mysql_connection.cursor()
            try:
                for name, query in list(self.queries.items()):
                    rows = self._mysql_run(cursor, name, query, description)
                    if rows is not None:
                        result[name] = rows
            finally:
                cursor.close()
            self._mysql_connection.commit()
        except Exception as error:
            self.error('MySQL connection dropped: {0}: {1}'.format(type(error).__name__, error))
            self._mysql_close()
            return None
        return result or None

    # --- check ---

    def check(self):
        """Validates the queries, connects, then the job works when ``_get_data()`` returns a non-empty dict."""
        self.queries = self._mysql_valid_queries(self._mysql_configured_queries or self.queries)
        if not self.queries:
            return False
        self._mysql_properties = self._mysql_connection_properties()
        if not self._mysql_properties:
            self.error('no connection settings: set user/pass and socket, host or my.cnf')
            return False
        failure = self._mysql_connect()
        if failure:
            self.error('cannot connect to MySQL ({0}): {1}'.format(DRIVER_NAME, failure))
            return False
        try:
            data = self._get_data()
        except Exception as error:
            self.error('_get_data() raised {0}: {1}'.format(type(error).__name__, error))
            return False
        if isinstance(data, dict) and data:
            return True
        self.error('_get_data() returned no data')
        return False
