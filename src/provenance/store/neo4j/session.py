"""The connection of the Neo4j backend: driver, credentials, errors, retries, reading records.

:class:`Bolt` wraps one ``neo4j.Driver`` and the database it uses. Reads go through
:meth:`Bolt.records` — inside the current thread's write transaction while one runs (the
plan of a write reads the transaction it writes in), or its read transaction inside
:meth:`Bolt.reading` (the upstream traversal: one transaction for its few queries), else in
a read transaction of their own; writes through :meth:`Bolt.write`, which reruns a
transaction function that lost a race.
Driver errors about the connection become :class:`~provenance.errors.StoreError` saying
what to check.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, LiteralString, TypeVar

import neo4j
from neo4j import exceptions as nx_exc

from provenance.errors import StoreError
from provenance.settings import neo4j_settings

T = TypeVar("T")

# The driver logs its own view of a failure ("Unable to retrieve routing information") as
# a warning; with no handler Python would print it raw beside the error this module raises.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

RETRY_SECONDS = 60.0
"""How long a write transaction that keeps losing races is retried."""


def chunks(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``values`` in consecutive slices of at most ``size`` (one ``UNWIND`` each)."""
    for i in range(0, len(values), size):
        yield values[i : i + size]


class Bolt:
    """Database ``database`` of the Bolt server at ``uri`` through ``driver``."""

    def __init__(self, driver: neo4j.Driver, uri: str, database: str, user: str = "") -> None:
        self.driver = driver
        self.uri = uri
        self.database = database
        self.user = user
        self._local = threading.local()

    @classmethod
    def connect(cls, uri: str) -> Bolt:
        """A driver for ``uri`` with ``NEO4J_USER`` / ``NEO4J_PASSWORD`` / ``NEO4J_DATABASE``.

        The driver's own retries are off (:meth:`write` retries). Raises
        :class:`StoreError` for a malformed URI; nothing is sent to the server yet.
        """
        settings = neo4j_settings()
        try:
            driver = neo4j.GraphDatabase.driver(
                uri,
                auth=(settings.user, settings.password),
                connection_timeout=10.0,
                max_transaction_retry_time=0.0,
                # The server's notifications (e.g. "property key does not exist" for every
                # query on a new, empty database) would reach the user's terminal as log
                # warnings; the queries are fixed and tested, so none is sent.
                notifications_min_severity="OFF",
            )
        except (nx_exc.ConfigurationError, ValueError) as exc:
            raise StoreError(
                f"bad Neo4j URI {uri!r}: {exc}", "write neo4j://host:7687 or bolt://host:7687"
            ) from None
        return cls(driver, uri, settings.database, settings.user)

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    @contextmanager
    def errors(self) -> Iterator[None]:
        """Translate driver errors about the connection into :class:`StoreError`."""
        try:
            yield
        except nx_exc.AuthError:
            raise StoreError(
                f"the Neo4j server at {self.uri} rejected the credentials of user {self.user!r}",
                "check NEO4J_USER and NEO4J_PASSWORD",
            ) from None
        except (nx_exc.ServiceUnavailable, nx_exc.SessionExpired) as exc:
            raise StoreError(
                f"cannot reach the Neo4j server at {self.uri} ({exc})",
                "check that the server is running (`docker compose up -d --wait`) and the host"
                " and port of --store",
            ) from None
        except nx_exc.ClientError as exc:
            if _missing_database(exc):
                raise StoreError(
                    f"database {self.database!r} does not exist on {self.uri} or user"
                    f" {self.user!r} may not use it ({exc.message or ''})",
                    "check NEO4J_DATABASE (default neo4j), or create the database on the server",
                ) from None
            raise

    def session(self, **config: Any) -> neo4j.Session:
        """A new session on the database (``config``: e.g. ``fetch_size``)."""
        return self.driver.session(database=self.database, **config)

    def ping(self) -> None:
        """``RETURN 1`` on the database (raises :class:`StoreError` when it cannot)."""
        with self.errors(), self.session() as session:
            session.run("RETURN 1 AS one").consume()

    @contextmanager
    def reading(self) -> Iterator[None]:
        """Run this thread's :meth:`records` in one read transaction until the block ends.

        One snapshot and one ``BEGIN`` / ``COMMIT`` for many small reads (each
        transaction of their own costs a few round trips). Inside a write transaction, or
        inside another ``reading`` block, reads stay in the transaction already bound.
        """
        if getattr(self._local, "tx", None) is not None:
            yield
            return
        with (
            self.errors(),
            self.session(default_access_mode=neo4j.READ_ACCESS) as session,
            session.begin_transaction() as tx,
        ):
            self._local.tx = tx
            try:
                yield
            finally:
                self._local.tx = None

    def records(self, cypher: LiteralString, **params: Any) -> list[neo4j.Record]:
        """Run a read query in this thread's bound transaction (a write transaction, or a
        :meth:`reading` block's), or in a read transaction of its own."""
        tx: neo4j.ManagedTransaction | neo4j.Transaction | None = getattr(self._local, "tx", None)
        if tx is not None:
            return list(tx.run(cypher, params))

        def work(rtx: neo4j.ManagedTransaction) -> list[neo4j.Record]:
            return list(rtx.run(cypher, params))

        with self.errors(), self.session() as session:
            return session.execute_read(work)

    def stream(
        self, cypher: LiteralString, fetch_size: int, **params: Any
    ) -> Iterator[neo4j.Record]:
        """Stream the records of one read query, ``fetch_size`` at a time, in one
        transaction that stays open while the caller iterates."""
        with (
            self.errors(),
            self.session(fetch_size=fetch_size) as session,
            session.begin_transaction() as tx,
        ):
            yield from tx.run(cypher, params)

    def write(self, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        """Run ``work`` as one write transaction; rerun it when it lost a race.

        While ``work`` runs, this thread's :meth:`records` read inside its transaction.
        Retried: transient errors (deadlocks, concurrent modification, a lost leader) and
        a ``ConstraintError`` from two racing creates of one key, for up to
        :data:`RETRY_SECONDS`. The driver's own retry is off (its delays start at a
        second); ours starts at a few milliseconds.
        """
        deadline = time.monotonic() + RETRY_SECONDS
        delay = 0.01
        while True:
            try:
                with self.errors(), self.session() as session:
                    return session.execute_write(self._bound(work))
            except (nx_exc.Neo4jError, nx_exc.DriverError) as exc:
                retryable = isinstance(exc, nx_exc.ConstraintError) or exc.is_retryable()
                if not retryable:
                    raise
                if time.monotonic() > deadline:
                    raise StoreError(
                        f"a write to {self.uri} kept conflicting with concurrent writers"
                        f" for {RETRY_SECONDS:.0f} s ({exc})",
                        "retry the command",
                    ) from None
                time.sleep(delay * random.uniform(1.0, 2.0))
                delay = min(delay * 1.5, 1.0)

    def _bound(
        self, work: Callable[[neo4j.ManagedTransaction], T]
    ) -> Callable[[neo4j.ManagedTransaction], T]:
        """``work`` with this thread's reads bound to its transaction while it runs."""

        def bound(tx: neo4j.ManagedTransaction) -> T:
            self._local.tx = tx
            try:
                return work(tx)
            finally:
                self._local.tx = None

        return bound


def _missing_database(exc: nx_exc.ClientError) -> bool:
    """Whether ``exc`` says the database does not exist or may not be used."""
    lower = (exc.message or "").lower()
    missing = ("not found", "does not exist", "not allowed")
    return "DatabaseNotFound" in (exc.code or "") or (
        "database" in lower and any(m in lower for m in missing)
    )
