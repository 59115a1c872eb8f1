"""The seed case of ``provenance demo``: its file, its names and the files a run makes."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from pathlib import Path

ACTOR = "provenance-demo"
MARKER = ".provenance-demo"
"""The demo's manifest in its ``--out`` directory: every file it made there, by path and
SHA-256 (:func:`write_manifest`). A later run removes exactly those files, unchanged, and
refuses to replace anything else (:func:`clear_outputs`)."""
FIGURE_PAGE = "figure-2017-06.html"
KEY_FILE = "demo.key"
PUBLIC_FILE = "demo.pub"
CHECKPOINT_FILE = "checkpoint.txt"
PERIOD = "June 2017"
PERIOD_DATES = (dt.date(2017, 6, 1), dt.date(2017, 6, 30))
DUPLICATE = ("ill-mosul-2", "ill-mawsil-2b")
"""The pair the demo judges the same strike."""
DUPLICATE_REASON = (
    "demo: same rescuer and broadcaster report behind both; a day apart, Mosul = Al-Mawsil"
)
INCIDENT_COLUMNS = (
    "incident",
    "date",
    "place",
    "grade",
    "claim",
    "killed",
    "belligerent",
    "sources",
)
KEY_NAME = "provenance-demo"
BUNDLED_INCIDENT = "ill-mosul-1"
"""The incident bundled when the store has it (else the first incident)."""


def view_name(claim: str) -> str:
    """The file name of ``claim``'s page in ``views/``."""
    return f"claim-{claim}.html"


def bundle_name(incident: str) -> str:
    """The directory name of ``incident``'s bundle in ``audit/``."""
    return f"bundle-{incident}"


def bundled_incident(incidents: list[str]) -> str | None:
    """The incident the demo bundles: :data:`BUNDLED_INCIDENT` if among ``incidents``, else
    the first in id order (``None`` when there is none)."""
    if BUNDLED_INCIDENT in incidents:
        return BUNDLED_INCIDENT
    return min(incidents, default=None)


def example_path() -> Path:
    """The packaged seed case file, ``examples/june-2017.yaml``."""
    return Path(str(resources.files("provenance.examples").joinpath("june-2017.yaml")))
