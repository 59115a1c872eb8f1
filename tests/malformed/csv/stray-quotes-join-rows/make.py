"""An Airwars incident table of 1,000 rows: a stray quote opens a cell on row 4, and the
quoted cell of row 11 closes it, joining rows 4 to 11 into one cell."""

from pathlib import Path

HEADER = (
    "internal_id,airwars_id,incident_code,incident_date,country,location,latitude,longitude,"
    "alleged_belligerent,strike_type,assessment,civilian_deaths_min,civilian_deaths_max,"
    "civilian_injuries_min,civilian_injuries_max,strike_status"
)
PLACES = {3: '"Village 3', 10: '"Village, ten"', 500: 'Village 500"'}


def make(dir: Path) -> None:
    lines = [HEADER]
    for i in range(1, 1001):
        place = PLACES.get(i, f"Village {i}")
        lines.append(
            f"airwars-{i},{i},XS{i:04d},2023-09-01,Syria,{place},36.5,37.9,Russian Military,"
            "Airstrike,Fair,1,2,0,1,Likely strike"
        )
    (dir / "incidents_flat.csv").write_text("\n".join(lines) + "\n")
