"""migrate: v1 -> v2, adds category and normalized_value; idempotent."""
from common import done, load, save

records = load()
todo = [r for r in records if "category" not in r]
for r in todo:
    r["category"] = "high" if r["value"] >= 500 else "low"
    r["normalized_value"] = round(r["value"] / 1000, 3)
save(records)
done("migrate", "%d of %d records upgraded to v2" % (len(todo), len(records)))
