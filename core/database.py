"""A request waits for a database that does not answer once, not once per query.

PostgreSQL's statement_timeout (DATABASE_STATEMENT_TIMEOUT, under gunicorn's timeout)
ends a query held by a migration's lock or a hung server, and the request answers a 503.
But a request that went on after such a failure (one met early, while the serving tiers
read what every page shares, is met again by the view) waited the whole timeout again,
and gunicorn killed the worker, answering nothing, before either had ended (found by an
operator's probe). Here, once a query of a request fails because the database does not
answer (core.security.DATABASE_UNREACHABLE), every later query of that request fails at
once with the same kind of error.

Django's own `connection.execute_wrapper()` does the work; nothing in Django stops a
request after a database error by itself.
"""

from contextlib import ExitStack

from django.db import connections

from .security import DATABASE_UNREACHABLE


class OneWaitForTheDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        failed = []

        def once(execute, sql, params, many, context):
            if failed:
                raise type(failed[0])(*failed[0].args)
            try:
                return execute(sql, params, many, context)
            except DATABASE_UNREACHABLE as error:
                failed.append(error)
                raise

        with ExitStack() as stack:
            for connection in connections.all():
                stack.enter_context(connection.execute_wrapper(once))
            return self.get_response(request)
