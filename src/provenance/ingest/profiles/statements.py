"""``statements``: belligerents' own posts matched to Airwars incidents.

The shape of Airwars' "The killings they tweeted" table (``data.csv``): Post Date,
Airwars ref code, Footage link, Title, Timestamp of clip, Notes, Unmatched ID, ….

Decisions:

* **One statement per post**: rows are grouped by the normalised footage URL
  (``statement:<sha256[:16]>``); a video showing several strikes is one statement
  assessing several incidents.
* **Issuer**: the posting account read from the URL (x.com/IAFsite → organisation
  ``account:@IAFsite``, kind military: the table lists official military accounts). The
  account is not linked to a parent force — that would be knowledge the table does not give.
  Posts whose URL names no account (YouTube) have no issuer.
* **Assessments**: a post of footage of its own strike is the belligerent acknowledging
  the strike: verdict ``acknowledged``, with no civilian deaths acknowledged (the posts
  acknowledge none; "Civilians reported killed" is Airwars' figure and is not copied).
* **Links**: the ref code links to ``airwars:<code>`` (as the airwars profile names
  incidents; a joint code "A B" → ``airwars:A+B``). The incident must already be in the
  store: a row whose incident is not is **rejected** with the reason (import the Airwars
  incidents first). Rows without a ref code are posts Airwars could not match: the post is
  still imported, as a statement assessing nothing (counted in the notes).
* Dates "October 8 2023", "October 16, 2023", "October 25,2023", ISO, DD/MM/YYYY; a post
  date without a year ("October 12") takes the year of the row's incident date.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

from provenance.ingest.csvio import read_csv
from provenance.model import Assessment, Organisation, OrgKind, Statement
from provenance.vocab import Verdict
from provenance.wording import plural

from .airwars_cells import incident_id_of_code
from .base import (
    FieldProblems,
    ImportContext,
    ImportResult,
    Profile,
    Row,
    RowError,
    add_checked,
    build,
    wrong_files,
)
from .transforms import CellError, account_of_url, normalise_url

COLUMNS = ("Post Date", "Airwars ref code", "Footage link")
DATE_FORMATS = ("%B %d %Y", "%B %d, %Y", "%Y-%m-%d", "%d/%m/%Y", "%d %B %Y")


class StatementsProfile(Profile):
    name: ClassVar[str] = "statements"
    description: ClassVar[str] = (
        "Official posts matched to Airwars incident codes (e.g. The Killings They Tweeted) as "
        "statements assessing those incidents"
    )
    files: ClassVar[str] = "data.csv (Post Date, Airwars ref code, Footage link, …)"

    @staticmethod
    def _post_date(row: Row) -> Any:
        """The post date; one written without a year takes the incident date's year."""
        try:
            return row.date("Post Date", DATE_FORMATS)
        except RowError:
            text = row.text("Post Date") or ""
            incident = (
                row.date("Incident date", DATE_FORMATS) if row.text("Incident date") else None
            )
            if incident is None or re.search(r"\d{4}", text):
                raise
            return row.date_of(f"{text} {incident.year}", "Post Date", DATE_FORMATS)

    def run(self, paths: Sequence[Path], ctx: ImportContext) -> ImportResult:
        if len(paths) != 1:
            raise wrong_files(self, paths, f"got {len(paths)} files")
        f = read_csv(paths[0], required=COLUMNS, profile=self.name, encoding=ctx.encoding)
        result = ImportResult(
            profile=self.name, rows_read={f.name: len(f.rows)}, encodings={f.name: f.encoding}
        )
        rows = [Row(f.name, n, d) for n, d in f.rows]
        codes = {r.text("Airwars ref code") for r in rows} - {None}
        known = ctx.existing(incident_id_of_code(c) for c in codes if c)
        posts: dict[str, Post] = {}
        unmatched = 0
        for row in rows:
            try:
                key, url, date, incident = self._match(row, known)
            except RowError as exc:
                result.reject(row.file, row.number, exc.column, exc.reason)
                continue
            post = posts.setdefault(key, Post(url=url, date=date, row=row))
            post.add(row, date, incident)
            unmatched += incident is None
        issuers: set[str] = set()
        for key, post in posts.items():
            _add_statement(result, key, post, issuers)
        if unmatched:
            result.notes.append(
                f"{plural(unmatched, 'row')} {'has' if unmatched == 1 else 'have'} no Airwars ref"
                " code: "
                + ("its post is a statement" if unmatched == 1 else "their posts are statements")
                + " assessing no incident"
            )
        return result

    def _match(self, row: Row, known: set[str]) -> tuple[str, str, Any, str | None]:
        """The row's post (normalised URL, URL, date) and the incident it names, if any."""
        url = row.text("Footage link")
        if url is None:
            raise RowError("Footage link", "no post URL")
        try:
            key = normalise_url(url)
        except CellError as exc:
            raise RowError("Footage link", exc.message) from None
        date = self._post_date(row)
        code = row.text("Airwars ref code")
        incident = incident_id_of_code(code) if code else None
        if incident is not None and incident not in known:
            raise RowError(
                "Airwars ref code",
                f"incident {incident!r} is not in the store; "
                + (
                    "the Airwars export imported does not hold it: import the one that does"
                    " (--profile airwars)"
                    if known
                    else "import the Airwars incidents first (--profile airwars)"
                ),
            )
        return key, url, date, incident


@dataclass
class Post:
    """One post (one footage URL) gathered from its rows: the first row names it."""

    url: str
    date: Any
    row: Row
    incidents: list[str] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    problems: list[dict[str, Any]] = field(default_factory=list)
    """Texts of its rows left out (control characters), for the import's report."""

    def add(self, row: Row, date: Any, incident: str | None) -> None:
        """Take in one more row of this post: its date if the post has none, its incident,
        and its line of text (ref code, title, clip time, notes)."""
        if self.date is None:
            self.date = date
        if incident is not None and incident not in self.incidents:
            self.incidents.append(incident)
        problems = FieldProblems(row)  # a text no stored text may hold is left out
        code = row.text("Airwars ref code")
        clip = problems.text("text", "Timestamp of clip")
        parts = (
            code or problems.text("text", "Unmatched ID"),
            problems.text("text", "Title"),
            clip and f"clip {clip}",
            problems.text("text", "Notes"),
        )
        self.problems += problems.found
        line = " — ".join(x for x in parts if x)
        if line:
            self.lines.append(line)


def _add_statement(result: ImportResult, key: str, post: Post, issuers: set[str]) -> None:
    """Add the post's statement (and its issuer, the first time it is seen)."""
    row = post.row
    account = account_of_url(post.url)
    issuer = None
    if account:
        issuer = f"account:{account}"
        if issuer not in issuers:
            issuers.add(issuer)
            add_checked(result, Organisation(id=issuer, name=account, kind=OrgKind.military), row)
    try:
        statement = build(
            Statement,
            {"url": "Footage link", "date": "Post Date", "text": "Title"},
            id="statement:" + hashlib.sha256(key.encode()).hexdigest()[:16],
            issuer=issuer,
            date=post.date,
            url=post.url,
            text="\n".join(post.lines)[:20_000] or None,
            assessments=[
                Assessment(incident=i, verdict=Verdict.acknowledged) for i in post.incidents
            ],
        )
    except RowError as exc:
        result.reject(row.file, row.number, exc.column, exc.reason)
        return
    if add_checked(result, statement, row):
        result.kept_with_problems(statement, row, post.problems)
