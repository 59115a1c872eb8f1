"""A Yemen Data Project table whose Target cell on row 3 is 11 MB long."""

from pathlib import Path

HEADER = (
    "Incident ID,Date,Governorate,District,Area,Target,Main category,Sub-category,"
    "Min Air Raids,Max Air Raids,Fatalities,Injured"
)


def make(dir: Path) -> None:
    row = "{n},26/03/2015,Capital,Bani Al-Harith,Al-Rahabah,{target},Civilian,Residential,1,2,0,0"
    rows = [HEADER, row.format(n=1, target="Airbase"), row.format(n=2, target="x" * 11_000_000)]
    (dir / "raw_yemen_data.csv").write_text("\n".join(rows) + "\n")
