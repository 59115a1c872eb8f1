"""The team server of docker-compose.yml is the LTS version the contract suite runs on."""

from __future__ import annotations

import yaml
from neo4j_support import REPO, server_module


def test_compose_image_is_the_tested_lts_version() -> None:
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    image = compose["services"]["neo4j"]["image"]
    assert image == f"neo4j:{server_module().LTS}-community"


def test_each_pinned_version_names_its_java() -> None:
    mod = server_module()
    assert set(mod.NEO4J_VERSIONS) == {mod.LTS, mod.CALENDAR}
    assert mod.NEO4J_VERSIONS[mod.LTS] == 17 and mod.NEO4J_VERSIONS[mod.CALENDAR] >= 21
