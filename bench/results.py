"""Where the Python benchmarks leave their figures: bench/results/NAME-<time>.txt and
NAME-latest.json, stamped with the time of the run."""

import datetime
import json
import os

RESULTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")


def write_results(name, results):
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    results["at"] = stamp
    text = json.dumps(results, indent=2) + "\n"
    for file in (f"{name}-{stamp}.txt", f"{name}-latest.json"):
        with open(os.path.join(RESULTS, file), "w", encoding="utf-8") as f:
            f.write(text)
