"""Geometry for the server-drawn SVG charts: the timeline and the map.

Both return plain dicts of shapes in pixel space; the templates only draw them. The map's
land outlines are our own simplified drawing (``static/world.json``: rough coasts in
longitude/latitude, good enough to see where a marker is, not for borders), shown in an
equirectangular projection fitted to the events on it.
"""

from __future__ import annotations

import functools
import json
import math
from datetime import date, timedelta
from pathlib import Path
from typing import Any

__all__ = ["QUAD_COLOURS", "QUAD_NAMES", "timeline_chart", "map_view", "world"]

QUAD_COLOURS = {1: "#6fbf73", 2: "#2e7d32", 3: "#f0a030", 4: "#c62828"}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
STATIC = Path(__file__).resolve().parent / "static"


# -- timeline -------------------------------------------------------------------------------
def _step(bin: str) -> int:
    return {"day": 1, "week": 7, "month": 30, "year": 365}[bin]


def timeline_chart(series: list[dict[str, Any]], bin: str, *, width: int = 960) -> dict:
    """Stacked bars of events per bin by quad class, and the mean Goldstein score below."""
    left, right, top = 48, 16, 12
    bars_h, gap, line_h, axis_h = 220, 28, 110, 24
    plot_w = width - left - right
    height = top + bars_h + gap + line_h + axis_h
    out: dict[str, Any] = {
        "width": width,
        "height": height,
        "bars": [],
        "points": [],
        "ticks": [],
        "yticks": [],
        "path": "",
        "left": left,
        "plot_w": plot_w,
        "top": top,
        "bars_h": bars_h,
    }
    if not series:
        return out
    days = [date.fromisoformat(s["date"]) for s in series]
    first, last = days[0], days[-1] + timedelta(days=_step(bin) - 1)
    span = max((last - first).days + 1, 1)

    def x(d: date) -> float:
        return left + (d - first).days / span * plot_w

    peak = max(s["total"] for s in series)
    bar_w = max(3.0, plot_w / span * _step(bin) * 0.85)
    for d, s in zip(days, series, strict=True):
        y = top + bars_h
        cx = x(d)
        for q in (1, 2, 3, 4):
            n = s[f"q{q}"]
            if not n:
                continue
            h = n / peak * bars_h
            y -= h
            out["bars"].append(
                {
                    "x": round(cx, 1),
                    "y": round(y, 1),
                    "w": round(bar_w, 1),
                    "h": round(h, 1),
                    "fill": QUAD_COLOURS[q],
                    "date": s["date"],
                    "quad": q,
                    "n": n,
                    "total": s["total"],
                }
            )
    line_top = top + bars_h + gap

    def gy(g: float) -> float:
        return line_top + (10 - g) / 20 * line_h

    parts = []
    prev: date | None = None
    for d, s in zip(days, series, strict=True):
        px, py = x(d) + bar_w / 2, gy(float(s["goldstein_mean"] or 0))
        # the line joins neighbouring bins only: a gap in the data is a gap in the line
        joined = prev is not None and (d - prev).days <= _step(bin) * 1.5
        parts.append(f"{'L' if joined else 'M'}{px:.1f},{py:.1f}")
        prev = d
        out["points"].append(
            {"x": round(px, 1), "y": round(py, 1), "date": s["date"], "g": s["goldstein_mean"]}
        )
    out["path"] = " ".join(parts)
    out["zero_y"] = round(gy(0), 1)
    out["line_top"] = line_top
    out["line_h"] = line_h
    out["yticks"] = [
        {"y": round(top + bars_h - f * bars_h, 1), "label": str(round(f * peak))}
        for f in (0, 0.5, 1)
        if f == 0 or round(f * peak) > 0
    ]
    out["gticks"] = [{"y": round(gy(g), 1), "label": f"{g:+d}" if g else "0"} for g in (10, 0, -10)]
    # ticks: years, or months when the span is short, or days for a few weeks
    ticks: list[tuple[date, str]] = []
    if span > 3 * 365:
        ticks = [(date(y, 1, 1), str(y)) for y in range(first.year, last.year + 1)]
    elif span > 60:
        d = date(first.year, first.month, 1)
        while d <= last:
            ticks.append(
                (d, d.strftime("%b %Y") if d.month == 1 or not ticks else d.strftime("%b"))
            )
            d = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
    else:
        step = max(1, span // 10)
        ticks = [
            (first + timedelta(days=i), (first + timedelta(days=i)).isoformat())
            for i in range(0, span, step)
        ]
    axis_y = line_top + line_h + 16
    out["ticks"] = [
        {"x": round(x(d), 1), "y": axis_y, "label": label}
        for d, label in ticks
        if first <= d <= last
    ]
    if not out["ticks"]:
        out["ticks"] = [{"x": left, "y": axis_y, "label": first.isoformat()}]
    return out


# -- map ------------------------------------------------------------------------------------
@functools.lru_cache(maxsize=1)
def world() -> dict[str, list[list[list[float]]]]:
    """Our simplified land outlines: {"land": [[[lon, lat], ...], ...], "water": [...]}."""
    return json.loads((STATIC / "world.json").read_text(encoding="utf-8"))


def _bounds(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    if not points:
        return -170.0, -58.0, 180.0, 80.0
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    w, e, s, n = min(lons), max(lons), min(lats), max(lats)
    # at least 24 degrees across, with a margin
    cx, cy = (w + e) / 2, (s + n) / 2
    half_w = max((e - w) / 2 * 1.25, 12.0)
    half_h = max((n - s) / 2 * 1.25, 7.0)
    return cx - half_w, cy - half_h, cx + half_w, cy + half_h


def map_view(
    placed: list[dict], capitals: list[dict], *, width: int = 900, height: int = 520
) -> dict[str, Any]:
    """Markers (coloured by quad class, sized by mentions), reference capitals, a graticule
    and land, all fitted to the placed events (or the world when there are none)."""
    w, s, e, n = _bounds([(p["lon"], p["lat"]) for p in placed])
    k = min(width / (e - w), height / (n - s))
    cx, cy = (w + e) / 2, (s + n) / 2

    def proj(lon: float, lat: float) -> tuple[float, float]:
        return width / 2 + (lon - cx) * k, height / 2 - (lat - cy) * k

    def path(ring: list[list[float]]) -> str:
        return "M" + " L".join("{:.1f},{:.1f}".format(*proj(lon, lat)) for lon, lat in ring) + "Z"

    shapes = world()
    lon_w, lon_e = cx - width / 2 / k, cx + width / 2 / k
    lat_s, lat_n = cy - height / 2 / k, cy + height / 2 / k
    step = next(st for st in (1, 2, 5, 10, 20, 30) if (lon_e - lon_w) / st <= 14)
    grid = []
    for lon in range(int(math.floor(lon_w / step)) * step, int(lon_e) + step, step):
        x, _ = proj(lon, 0)
        grid.append(
            {
                "x1": round(x, 1),
                "y1": 0,
                "x2": round(x, 1),
                "y2": height,
                "label": f"{abs(lon)}°{'E' if lon >= 0 else 'W'}",
                "lx": round(x + 2, 1),
                "ly": height - 4,
            }
        )
    for lat in range(int(math.floor(lat_s / step)) * step, int(lat_n) + step, step):
        _, y = proj(0, lat)
        grid.append(
            {
                "x1": 0,
                "y1": round(y, 1),
                "x2": width,
                "y2": round(y, 1),
                "label": f"{abs(lat)}°{'N' if lat >= 0 else 'S'}",
                "lx": 3,
                "ly": round(y - 2, 1),
            }
        )
    markers = []
    stacked: dict[tuple[float, float], int] = {}
    for p in sorted(placed, key=lambda p: -(p.get("num_mentions") or 1)):
        x, y = proj(p["lon"], p["lat"])
        spot = (round(p["lat"], 3), round(p["lon"], 3))
        i = stacked.get(spot, 0)
        stacked[spot] = i + 1
        if i:  # events at the same place spiral out a little, so each can be clicked
            angle = i * 2.4
            x += math.cos(angle) * 5 * math.sqrt(i)
            y += math.sin(angle) * 5 * math.sqrt(i)
        r = min(4 + 2.5 * math.sqrt(p.get("num_mentions") or 1), 22)
        markers.append(
            {
                **p,
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(r, 1),
                "fill": QUAD_COLOURS.get(p.get("quad_class"), "#777"),
            }
        )
    caps = []
    for c in capitals:
        x, y = proj(c["lon"], c["lat"])
        if 0 <= x <= width and 0 <= y <= height:
            caps.append({**c, "x": round(x, 1), "y": round(y, 1)})
    return {
        "width": width,
        "height": height,
        "land": [path(r) for r in shapes["land"]],
        "water": [path(r) for r in shapes.get("water", [])],
        "grid": grid,
        "markers": markers,
        "capitals": caps,
    }
