"""The growth table: one line per size, the ratio to the row's smallest size, and the
issue's bound on the largest size's ratio."""

from __future__ import annotations

from lib.scale_measure import GrowthRow

HEADER = [
    "measure",
    "db",
    "size",
    "p50",
    "p90",
    "p99",
    "unit",
    "CPU ms",
    "KiB",
    "x smallest",
    "target",
    "",
]
NUMERIC = {3, 4, 5, 7, 8, 9}


def _lines(row: GrowthRow) -> list[list[str]]:
    lines = []
    for index, cell in enumerate(row.cells):
        last = index == len(row.cells) - 1
        verdicts: list[bool] = []
        targets: list[str] = []
        within = row.within_limit(cell)
        if within is not None and row.limit is not None:
            what = "CPU ms" if cell.cpu_ms is not None else "ms"
            if row.held == "p99":
                what = "ms p99"
            verdicts.append(within)
            targets.append(f"<= {row.limit[1]:.0f} {what}")
        if last and row.max_ratio is not None:
            verdicts.append(row.held_ratio() <= row.max_ratio)
            target = f"<= {row.max_ratio:.1f} x"
            if row.base:
                target += f" {row.cells[row.base].size} ({row.held_ratio():.2f})"
            targets.append(target)
        target = ", ".join(targets)
        verdict = ("PASS" if all(verdicts) else "MISS") if verdicts else ""
        lines.append(
            [
                row.measure if index == 0 else "",
                row.db if index == 0 else "",
                cell.size,
                f"{cell.p50_ms:.1f}" if row.unit == "MB" else f"{cell.p50_ms:.2f}",
                "" if row.unit == "MB" else f"{cell.p90_ms:.2f}",
                f"{cell.p99_ms:.2f}" if cell.p99_ms is not None else "",
                row.unit,
                f"{cell.cpu_ms:.1f}" if cell.cpu_ms is not None else "",
                f"{cell.bytes / 1024:,.1f}" if cell.bytes else "",
                f"{row.ratio(cell):.2f}",
                target,
                verdict,
            ]
        )
    return lines


def print_growth(rows: list[GrowthRow]) -> None:
    body = [line for row in rows for line in _lines(row)]
    widths = [max(len(line[i]) for line in [HEADER, *body]) for i in range(len(HEADER))]

    def fmt(line: list[str]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in NUMERIC else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        return "  ".join(cells).rstrip()

    print()
    print(fmt(HEADER))
    print("  ".join("-" * w for w in widths))
    for line in body:
        print(fmt(line))
    notes = [f"  {row.measure} [{row.db}]: {note}" for row in rows for note in row.notes]
    if notes:
        print()
        print("\n".join(notes))
