"""Extract Kazakhstan's outline from Natural Earth into ``data/kazakhstan_outline.geojson``.

Maintainer tool, run once (the result is committed); kzlesson never runs it. It needs only
the Python standard library: it reads the shapefile straight out of an old geopandas wheel,
which ships the Natural Earth 1:110m "Admin 0 - Countries" layer (public domain) as
``geopandas/datasets/naturalearth_lowres/``. geopandas 0.12+ packaged Natural Earth v5.1.

Usage (from the repository root)::

    pip download --no-deps geopandas==0.14.4 -d /tmp/gpd
    python tools/extract_outline.py /tmp/gpd/geopandas-0.14.4-py3-none-any.whl

Options: ``--iso KAZ`` (which country), ``--out PATH`` (default
``data/kazakhstan_outline.geojson``), ``--decimals 3`` (coordinate rounding).

What it does: reads the .dbf records to find the row whose ``iso_a3`` is the code, reads the
same record's polygon from the .shp (ESRI Shapefile, type 5 = Polygon), rounds every
coordinate, drops points that become duplicates after rounding, orients rings as RFC 7946 asks
(outer rings counter-clockwise, holes clockwise) and writes one GeoJSON Feature with the
provenance in its ``properties`` and in the FeatureCollection's top-level ``properties``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import struct
import sys
import zipfile
from pathlib import Path

LAYER = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
REPO = Path(__file__).resolve().parent.parent
Ring = list[list[float]]
POINT = re.compile(r"\[\s*(-?[0-9.]+),\s*(-?[0-9.]+)\s*\]")


def read_dbf(raw: bytes, encoding: str) -> list[dict[str, str]]:
    """Decode a dBase III table (the shapefile's attributes) into a list of text records."""
    count, header_size, record_size = struct.unpack("<xxxxIHH", raw[:12])
    fields = []
    offset = 32
    while raw[offset] != 0x0D:
        name = raw[offset : offset + 11].split(b"\0", 1)[0].decode("ascii")
        size = raw[offset + 16]
        fields.append((name, size))
        offset += 32
    records = []
    for number in range(count):
        start = header_size + number * record_size
        cursor = start + 1  # skip the deletion flag
        record = {}
        for name, size in fields:
            record[name] = raw[cursor : cursor + size].decode(encoding).strip()
            cursor += size
        records.append(record)
    return records


def read_polygons(raw: bytes) -> list[list[Ring]]:
    """Decode every record of a Polygon shapefile into a list of rings (lists of [x, y])."""
    shape_type = struct.unpack("<i", raw[32:36])[0]
    if shape_type != 5:
        raise SystemExit(f"expected a Polygon shapefile (type 5), found type {shape_type}")
    shapes = []
    offset = 100
    while offset < len(raw):
        _number, words = struct.unpack(">ii", raw[offset : offset + 8])
        content = raw[offset + 8 : offset + 8 + 2 * words]
        offset += 8 + 2 * words
        if struct.unpack("<i", content[:4])[0] == 0:  # null shape
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", content[44 : 44 + 4 * num_parts]))
        start = 44 + 4 * num_parts
        flat = struct.unpack(f"<{2 * num_points}d", content[start : start + 16 * num_points])
        points = [[flat[2 * i], flat[2 * i + 1]] for i in range(num_points)]
        bounds = parts + [num_points]
        shapes.append([points[bounds[i] : bounds[i + 1]] for i in range(num_parts)])
    return shapes


def signed_area(ring: Ring) -> float:
    """Twice the signed area of a closed ring (positive = counter-clockwise)."""
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def clean_ring(ring: Ring, decimals: int) -> Ring:
    """Round a ring's coordinates and drop consecutive duplicates; keep it closed."""
    rounded: Ring = []
    for x, y in ring:
        point = [round(x, decimals), round(y, decimals)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def to_geojson_polygons(rings: list[Ring], decimals: int) -> list[list[Ring]]:
    """Group shapefile rings into GeoJSON polygons (outer CCW ring followed by its CW holes).

    In a shapefile, outer rings run clockwise and holes counter-clockwise, and each hole
    follows its outer ring; RFC 7946 wants the opposite orientation.
    """
    polygons: list[list[Ring]] = []
    for ring in rings:
        cleaned = clean_ring(ring, decimals)
        if len(cleaned) < 4:
            continue
        is_outer = signed_area(ring) < 0  # clockwise in the shapefile
        cleaned.reverse()
        if is_outer or not polygons:
            polygons.append([cleaned])
        else:
            polygons[-1].append(cleaned)
    return polygons


def build(wheel: Path, iso: str, decimals: int) -> dict:
    """Return the GeoJSON FeatureCollection for one country of the wheel's Natural Earth layer."""
    with zipfile.ZipFile(wheel) as archive:
        encoding = archive.read(LAYER + ".cpg").decode("ascii").strip()  # ISO-8859-1
        records = read_dbf(archive.read(LAYER + ".dbf"), encoding)
        shapes = read_polygons(archive.read(LAYER + ".shp"))
    wheel_hash = hashlib.sha256(wheel.read_bytes()).hexdigest()
    matches = [index for index, record in enumerate(records) if record.get("iso_a3") == iso]
    if len(matches) != 1:
        raise SystemExit(f"expected exactly one record with iso_a3 {iso!r}, found {len(matches)}")
    record = records[matches[0]]
    polygons = to_geojson_polygons(shapes[matches[0]], decimals)
    if len(polygons) == 1:
        geometry = {"type": "Polygon", "coordinates": polygons[0]}
    else:
        geometry = {"type": "MultiPolygon", "coordinates": polygons}
    provenance = {
        "source": "Natural Earth, 1:110m Cultural Vectors, Admin 0 - Countries",
        "source_url": "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/",
        "version": "Natural Earth v5.1, as packaged in geopandas 0.14.4 (naturalearth_lowres)",
        "licence": "Public domain (Natural Earth terms of use: no permission needed)",
        "licence_url": "https://www.naturalearthdata.com/about/terms-of-use/",
        "how_made": (
            f"tools/extract_outline.py read {LAYER}.shp/.dbf from "
            f"{wheel.name} (sha256 {wheel_hash}), kept the record with iso_a3 {iso}, "
            f"rounded coordinates to {decimals} decimals, dropped repeated points and "
            "oriented rings as RFC 7946 asks. No other change."
        ),
        "crs": "WGS 84 longitude/latitude (EPSG:4326)",
    }
    feature = {
        "type": "Feature",
        "properties": {"name": record["name"], "iso_a3": record["iso_a3"], **provenance},
        "geometry": geometry,
    }
    return {"type": "FeatureCollection", "properties": provenance, "features": [feature]}


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: write the outline file and print a one-line summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="a geopandas 0.12-0.14 wheel (.whl)")
    parser.add_argument("--iso", default="KAZ", help="ISO 3166-1 alpha-3 code (default KAZ)")
    parser.add_argument(
        "--out", type=Path, default=REPO / "data" / "kazakhstan_outline.geojson", help="output"
    )
    parser.add_argument("--decimals", type=int, default=3, help="coordinate rounding")
    args = parser.parse_args(argv)
    collection = build(args.wheel, args.iso, args.decimals)
    text = json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
    text = POINT.sub(r"[\1, \2]", text)  # one point per line keeps the file readable
    args.out.write_text(text, encoding="utf-8")
    geometry = collection["features"][0]["geometry"]
    rings = geometry["coordinates"] if geometry["type"] == "Polygon" else geometry["coordinates"][0]
    print(f"wrote {args.out} ({geometry['type']}, {len(rings[0])} points, {len(text)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
