"""The demo's figure names the seed's own numbers (issue 16): Airwars' "as many as 744" for
June 2017, beside the 603 acknowledged since 2014, and the deduplicated count of the
recorded incidents under them."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import run_cli


def test_the_demo_figure_sets_744_beside_603_and_the_incidents_recorded(tmp_path: Path) -> None:
    text = run_cli("demo", "--out", str(tmp_path / "demo"), check=True).stdout
    figure = text[text.index("Casualty figure, 2017-06-01 to 2017-06-30") :]
    assert (
        "Airwars (London-based monitor) reported as many as 744 civilians killed"
        " (June 2017, Iraq and Syria, by the coalition); the 4 incidents recorded here"
        " (each counted once) account for 25–40; belligerents acknowledged 603" in figure
    )
    assert "context: as many as 744 reported by Airwars" in figure
    assert "context: 603 acknowledged" in figure
