"""The table of results, its JSON and the issue's targets, each figure against the floor."""

import json

COLUMNS = (
    ("name", "{}", 48),
    ("median_ms", "{:.2f}", 10),
    ("queries", "{}", 8),
    ("ratio_to_floor", "{:.2f}x", 9),
    ("posts_per_s", "{:.1f}", 8),
    ("errors", "{}", 7),
    ("lost", "{}", 5),
)
HEADINGS = ("", "median ms", "queries", "x floor", "posts/s", "errors", "lost")
LEGEND = """\
cold: Django's cache cleared right before the request; warm: the same request right after
it, its comment list, tracker results or API answer from the cache.
Posts: median ms is the time of one post, posts/s counts accepted posts over the whole
load, lost = accepted minus rows stored. Behind gunicorn the median is the latency under
load (8 clients on 2 workers), not comparable to a render: no ratio, no query count."""


def add_ratios(rows):
    """``ratio_to_floor`` of every row that has a render or post time of this process."""
    floor = next(row["median_ms"] for row in rows if row["id"] == "floor")
    for row in rows:
        in_process = row.get("median_ms") is not None and not row["id"].startswith("gunicorn")
        row["ratio_to_floor"] = round(row["median_ms"] / floor, 2) if in_process else None
    return rows


def table(rows):
    lines = [_line(HEADINGS), _line("-" * width for _key, _fmt, width in COLUMNS)]
    for row in rows:
        cells = []
        for key, fmt, _width in COLUMNS:
            value = row.get(key)
            cells.append(fmt.format(value) if value is not None else "-" if key != "name" else "")
        lines.append(_line(cells))
        if row.get("note"):
            lines.append(f"    {row['note']}")
    return "\n".join(lines)


def _line(cells):
    parts = []
    for cell, (_key, _fmt, width) in zip(cells, COLUMNS, strict=True):
        parts.append(f"{cell:<{width}}" if _key == "name" else f"{cell:>{width}}")
    return " ".join(parts).rstrip()


def write_json(rows, path):
    with open(path, "w", encoding="utf-8") as out:
        json.dump(rows, out, indent=2, ensure_ascii=False)
        out.write("\n")


def targets(rows):
    """[(target, figures, met)] for the targets of issue 6 that this run measured."""
    by_id = {row["id"]: row for row in rows}

    def ratio(key):
        return by_id[key]["ratio_to_floor"]

    found = []
    for state in ("cold", "warm"):
        fifty, five_hundred = ratio(f"report-50-{state}"), ratio(f"report-500-{state}")
        found += [
            (f"50 comments {state} <= 2.5x floor", f"{fifty:.2f}x", fifty <= 2.5),
            (
                f"500 comments {state} within 10 % of 50",
                f"{five_hundred / fifty - 1:+.0%}",
                five_hundred <= 1.1 * fifty,
            ),
        ]
    for view in ("default", "filtered"):
        found += _tracker_targets(by_id, view)
    for state in ("cold", "warm"):
        api = ratio(f"api-{state}")
        found.append((f"API {state} <= 2x floor", f"{api:.2f}x", api <= 2))
    found += _posting_targets(by_id)
    return found


def _tracker_targets(by_id, view):
    found = []
    for state, limit in (("cold", 3), ("warm", 1.5)):
        large = by_id[f"tracker-10000-{view}-{state}"]
        small = by_id[f"tracker-100-{view}-{state}"]
        ratio = large["ratio_to_floor"]
        found.append(
            (f"tracker 10,000 {view} {state} <= {limit}x", f"{ratio:.2f}x", ratio <= limit)
        )
        found.append(
            (
                f"tracker {view} {state}: queries at 100 = at 10,000",
                f"{small['queries']} / {large['queries']}",
                small["queries"] == large["queries"],
            )
        )
    return found


def _posting_targets(by_id):
    found = []
    postgres = by_id.get("gunicorn-postgresql")
    if postgres and postgres.get("posts_per_s") is not None:
        figures = f"{postgres['posts_per_s']:.1f}/s, lost {postgres['lost']}"
        met = postgres["posts_per_s"] >= 150 and postgres["lost"] == 0
        found.append(("PostgreSQL >= 150 posts/s, 0 lost", figures, met))
    sqlite = by_id.get("gunicorn-sqlite")
    if sqlite and sqlite.get("errors") is not None:
        figures = f"{sqlite['errors']} errors, lost {sqlite['lost']}"
        found.append(("SQLite 0 server errors", figures, sqlite["errors"] == 0))
    return found


def targets_text(rows):
    lines = ["Targets of issue 6:"]
    for target, figures, met in targets(rows):
        lines.append(f"  {'met   ' if met else 'MISSED'}  {target:<46} {figures}")
    return "\n".join(lines)
