"""export: the current dataset as export.csv."""
import csv
import os

from common import DATA, done, load

records = load()
with open(os.path.join(DATA, "export.csv"), "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=["id", "value", "category", "normalized_value", "created"])
    writer.writeheader()
    writer.writerows(records)
done("export", "%d records to export.csv" % len(records))
