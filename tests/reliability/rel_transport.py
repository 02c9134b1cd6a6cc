"""A requests adapter with the crash point ``http.request_sent``: the request has left, no reply byte read.

requests (urllib3) offers no hook between sending a request and reading its reply, so the crash tests
mount this adapter on the counter's session: its connections call ``crashpoints.reached`` at the start of
``getresponse``, after urllib3 has written the whole request. It retries nothing (``max_retries`` stays
0), so the client's at-most-once check accepts it.
"""

from __future__ import annotations

from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection
from urllib3.connectionpool import HTTPConnectionPool

from pos_app.domain import crashpoints


class _SentPointConnection(HTTPConnection):
    def getresponse(self) -> Any:  # type: ignore[override]
        crashpoints.reached("http.request_sent")
        return super().getresponse()


class _SentPointPool(HTTPConnectionPool):
    ConnectionCls = _SentPointConnection


class CrashPointAdapter(HTTPAdapter):
    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _SentPointPool}
        self.poolmanager.key_fn_by_scheme = dict(self.poolmanager.key_fn_by_scheme)


def crash_point_session() -> requests.Session:
    session = requests.Session()
    session.mount("http://", CrashPointAdapter())
    return session
