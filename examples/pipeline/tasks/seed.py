"""seed: creates RECORDS_COUNT records (schema v1) on the shared file; idempotent."""
import datetime
import os
import random

from common import RECORDS, done, save

if os.path.exists(RECORDS):
    done("seed", "records exist, nothing to do")
else:
    now = datetime.datetime.now(datetime.timezone.utc)
    rng = random.Random(7)
    records = [{"id": i, "value": rng.randint(1, 1000),
                "created": (now - datetime.timedelta(days=rng.randint(0, 60))).isoformat()}
               for i in range(int(os.environ.get("RECORDS_COUNT", "20")))]
    save(records)
    done("seed", "%d records (v1)" % len(records))
