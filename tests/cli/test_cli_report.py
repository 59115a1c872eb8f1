"""``provenance report``: the command as a user runs it (HTML, PDF, stdout, refusals)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_helpers import run_cli
from report_cases import DemoCase, make_demo


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoCase:
    return make_demo(tmp_path_factory.mktemp("cli-report"))


def _anchor(demo: DemoCase) -> list[str]:
    return ["--checkpoint", str(demo.checkpoint), "--pubkey", str(demo.pubkey)]


def test_report_claim_html_with_json_summary(demo: DemoCase, tmp_path: Path) -> None:
    out = tmp_path / "claim.html"
    proc = run_cli(
        "report", "claim", "ill-mosul-1-c1", "--out", str(out), *_anchor(demo), "--json",
        store=demo.db, check=True,
    )  # fmt: skip
    written = json.loads(proc.stdout)
    assert written["format"] == "html" and written["anchored"] is True
    assert written["checkpoint_size"] == 4 and written["events"] == 3
    assert written["bytes"] == out.stat().st_size
    assert "ill-src-mosul-post" in out.read_text()


def test_existing_out_is_refused_without_force(demo: DemoCase, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    out.write_text("an earlier annex")
    proc = run_cli("report", "incident", "ill-raqqa-1", "--out", str(out), store=demo.db)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error:") and "already exists" in proc.stderr
    assert "--force" in proc.stderr and out.read_text() == "an earlier annex"
    forced = run_cli(
        "report", "incident", "ill-raqqa-1", "--out", str(out), "--force", store=demo.db
    )
    assert forced.returncode == 0 and out.read_text().startswith("<!DOCTYPE html>")
    assert "NOT ANCHORED" in out.read_text()  # no checkpoint given


def test_out_dash_writes_the_html_to_stdout(demo: DemoCase) -> None:
    proc = run_cli("report", "figure", "--from", "2017-06-01", "--out", "-", store=demo.db)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("<!DOCTYPE html>") and proc.stdout.rstrip().endswith("</html>")
    assert "Report (HTML" in proc.stderr


def test_missing_chromium_is_a_clear_error_and_writes_nothing(
    demo: DemoCase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "r.pdf"
    monkeypatch.setenv("PROVENANCE_CHROMIUM", str(tmp_path / "no-such-chromium"))
    proc = run_cli("report", "claim", "ill-mosul-1-c1", "--out", str(out), store=demo.db)
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: a PDF report needs Chromium")
    assert "apt-get install chromium" in proc.stderr and "PROVENANCE_CHROMIUM" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert list(tmp_path.iterdir()) == []


def test_missing_chromium_on_the_path(demo: DemoCase, tmp_path: Path) -> None:
    from provenance.report import ChromiumMissing, find_chromium

    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PROVENANCE_CHROMIUM", raising=False)
        mp.setenv("PATH", str(tmp_path))
        mp.setattr("provenance.report.pdf.DEFAULT_CHROMIUM", str(tmp_path / "chromium"))
        with pytest.raises(ChromiumMissing, match="not installed") as err:
            find_chromium()
    assert "apt-get install chromium" in err.value.hint


def test_an_incident_of_several_claims_names_them(demo: DemoCase, tmp_path: Path) -> None:
    proc = run_cli("report", "claim", "ill-raqqa-2", "--out", "r.html", store=demo.db, cwd=tmp_path)
    assert proc.returncode == 1 and not (tmp_path / "r.html").exists()
    assert "give one of its claims: ill-raqqa-2-c1, ill-raqqa-2-c2" in proc.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["claim", "ill-mosul-1-c1", "--out", "r.txt"], "written as .html or .pdf"),
        (["claim", "ill-mosul-1-c1", "--out", "r.html", "--checkpoint", "cp.txt"], "--pubkey"),
        (["figure", "--from", "2017-07-01", "--to", "2017-06-01", "--out", "r.html"], "after"),
        (["claim", "ill-mosul-1-c1", "--min-reliability", "Z", "--out", "r.html"], "reliab"),
    ],
)
def test_usage_errors_exit_2(demo: DemoCase, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "cp.txt").write_text(demo.checkpoint.read_text())
    proc = run_cli("report", *args, store=demo.db, cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr
    assert not (tmp_path / "r.html").exists()


def test_unknown_ref_names_the_nearest(demo: DemoCase, tmp_path: Path) -> None:
    proc = run_cli(
        "report", "claim", "ill-mosul-1-c", "--out", "r.html", store=demo.db, cwd=tmp_path
    )
    assert proc.returncode == 1 and "did you mean" in proc.stderr
