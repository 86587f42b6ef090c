#!/usr/bin/env python3
"""Writes data/zones/windows_zones.json: Windows time zone id -> IANA zone name.

Source: CLDR's windowsZones.xml (Debian package unicode-cldr-core), the
territory "001" mapping, which is the one default IANA zone for each Windows id.
The output is committed, so building hotplan needs no CLDR; rerun this script
after a CLDR update:

    python3 scripts/gen_windows_zones.py [path/to/windowsZones.xml]
"""
import json
import pathlib
import sys
import xml.etree.ElementTree as ET

DEFAULT_SOURCE = "/usr/share/unicode/cldr/common/supplemental/windowsZones.xml"
OUTPUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "zones" / "windows_zones.json"


def main() -> int:
    source = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_SOURCE
    root = ET.parse(source).getroot()
    tables = root.findall("./windowsZones/mapTimezones")
    if len(tables) != 1:
        sys.exit(f"{source}: expected one mapTimezones element, found {len(tables)}")
    table = tables[0]
    zones = {}
    for entry in table.iter("mapZone"):
        if entry.get("territory") != "001":
            continue
        windows_id, iana = entry.get("other"), entry.get("type")
        # Territory 001 names exactly one zone per Windows id.
        if not windows_id or not iana or " " in iana:
            sys.exit(f"{source}: malformed 001 entry for {windows_id!r}: {iana!r}")
        if windows_id in zones:
            sys.exit(f"{source}: duplicate 001 entry for {windows_id!r}")
        zones[windows_id] = iana
    document = {
        "source": "CLDR windowsZones.xml, territory 001 (Debian unicode-cldr-core)",
        "windows_version": table.get("otherVersion"),
        "tzdata_version": table.get("typeVersion"),
        "zones": dict(sorted(zones.items())),
    }
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {len(zones)} Windows ids to {OUTPUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
