"""What every step of the pipeline shares: where the data is, and a log line saying the step ran."""
import datetime
import json
import os

DATA = os.environ.get("DATA_DIR", "data")
RECORDS = os.path.join(DATA, "records.json")


def load():
    with open(RECORDS) as f:
        return json.load(f)


def save(records):
    tmp = RECORDS + ".tmp"
    with open(tmp, "w") as f:
        json.dump(records, f, indent=1)
    os.replace(tmp, RECORDS)


def done(step, what):
    line = "%s %s: %s" % (datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"), step, what)
    print(line)
    with open(os.path.join(DATA, "pipeline.log"), "a") as f:
        f.write(line + "\n")
