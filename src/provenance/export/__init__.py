"""Exports: W3C PROV-JSON, GraphML, JSON Lines and capture histories for MSE.

Witnesses are pseudonymous everywhere; see :mod:`provenance.export.common`.
"""
