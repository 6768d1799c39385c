"""analyze: value statistics and category counts, written to report.json."""
import json
import os

from common import DATA, done, load

records = load()
if any("category" not in r for r in records):
    raise SystemExit("analyze: records are not migrated to v2")
values = [r["value"] for r in records]
report = {"records": len(records), "min": min(values), "max": max(values), "mean": sum(values) / len(values),
          "categories": {c: sum(1 for r in records if r["category"] == c) for c in ("low", "high")}}
with open(os.path.join(DATA, "report.json"), "w") as f:
    json.dump(report, f, indent=1)
done("analyze", "mean value %.1f, categories %s" % (report["mean"], report["categories"]))
