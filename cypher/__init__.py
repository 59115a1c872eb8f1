"""The Cypher queries of the Neo4j backend, one ``.cypher`` file per operation.

Package data only: :mod:`provenance.store.catalog` loads them (``importlib.resources``) and
is the one list of every file here.
"""
