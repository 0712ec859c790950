#!/usr/bin/env python3
"""Writes the Lua table that bench/post_report.lua draws reports from, read from a running
Ratusz: the city's bounds (public/portal) and every service of the city with an answer to each
of its required questions (Open311 service definitions), so that the benchmark's reports are
spread over the city's area and its categories as real ones are.

    intake_reports.py BASE_URL JURISDICTION OUT.lua
"""

import json
import sys
import urllib.parse
import urllib.request


def get(base, path):
    with urllib.request.urlopen(base + path, timeout=10) as answer:
        return json.load(answer)


def required_answers(definition):
    """Form fields answering every required question (the first value of a list, 3 for a
    number, a short text otherwise)."""
    fields = []
    for attribute in definition.get("attributes", []):
        if not attribute.get("required") or not attribute.get("variable", True):
            continue
        code = attribute["code"]
        kind = attribute["datatype"]
        if kind in ("singlevaluelist", "multivaluelist"):
            value = attribute["values"][0]["key"]
        elif kind == "number":
            value = "3"
        elif kind == "datetime":
            value = "2026-12-01T10:00:00Z"
        else:
            value = "tak"
        fields.append(
            urllib.parse.quote(f"attribute[{code}]", safe="") + "=" + urllib.parse.quote(value)
        )
    return "&".join(fields)


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main():
    base, jurisdiction, out = sys.argv[1], sys.argv[2], sys.argv[3]
    portal = get(base, "/api/v1/public/portal?jurisdiction_id=" + jurisdiction)
    city = next(c for c in portal["cities"] if c["jurisdiction_id"] == jurisdiction)
    services = get(base, "/open311/v2/services.json?jurisdiction_id=" + jurisdiction)
    lines = ["return {", f"  jurisdiction = {lua_string(jurisdiction)},"]
    b = city["bounds"]
    lines.append(
        f"  bounds = {{south = {b['south']}, west = {b['west']}, north = {b['north']}, "
        f"east = {b['east']}}},"
    )
    lines.append("  services = {")
    for service in services:
        if service.get("type") == "batch":
            continue
        answers = ""
        if service.get("metadata"):
            definition = get(
                base,
                f"/open311/v2/services/{service['service_code']}.json?jurisdiction_id="
                + jurisdiction,
            )
            answers = required_answers(definition)
        lines.append(
            f"    {{code = {lua_string(service['service_code'])}, "
            f"answers = {lua_string(answers)}}},"
        )
    lines.append("  },")
    lines.append("}")
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(services)} services of {jurisdiction} in {out}")


if __name__ == "__main__":
    main()
