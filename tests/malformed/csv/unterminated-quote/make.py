"""An Airwars incident table of 1,000 rows with a stray quote opening a cell on row 4."""

from pathlib import Path

HEADER = (
    "internal_id,airwars_id,incident_code,incident_date,country,location,latitude,longitude,"
    "alleged_belligerent,strike_type,assessment,civilian_deaths_min,civilian_deaths_max,"
    "civilian_injuries_min,civilian_injuries_max,strike_status"
)


def make(dir: Path) -> None:
    lines = [HEADER]
    for i in range(1, 1001):
        place = '"Village 3' if i == 3 else f"Village {i}"  # row 4: the header is row 1
        lines.append(
            f"airwars-{i},{i},XS{i:04d},2023-09-01,Syria,{place},36.5,37.9,Russian Military,"
            "Airstrike,Fair,1,2,0,1,Likely strike"
        )
    (dir / "incidents_flat.csv").write_text("\n".join(lines) + "\n")
