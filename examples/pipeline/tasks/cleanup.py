"""cleanup: removes records older than CLEANUP_DAYS (default 30)."""
import datetime
import os

from common import done, load, save

cutoff = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=int(os.environ.get("CLEANUP_DAYS", "30")))
records = load()
kept = [r for r in records if datetime.datetime.fromisoformat(r["created"]) >= cutoff]
save(kept)
done("cleanup", "removed %d records, %d left" % (len(records) - len(kept), len(kept)))
