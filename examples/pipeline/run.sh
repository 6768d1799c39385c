#!/usr/bin/env bash
# The disposable-task pipeline seed -> migrate -> analyze -> cleanup -> export on one shared JSON
# file, as five tasks of a running node, each after the one before and each taking the data set
# exclusively. One command:   examples/pipeline/run.sh [SERVER]   (default $RUNNER_SERVER, else
# http://127.0.0.1:8000). DATA_DIR (default ./pipeline-data) holds records.json, report.json,
# export.csv and pipeline.log; RECORDS_COUNT and CLEANUP_DAYS are passed to the steps.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
server="${1:-${RUNNER_SERVER:-http://127.0.0.1:8000}}"
cli_jar="${RUNNER_CLI_JAR:-$here/../../runner-cli/target/runner-cli.jar}"
data="$(mkdir -p "${DATA_DIR:-pipeline-data}" && cd "${DATA_DIR:-pipeline-data}" && pwd)"
run="pipeline-$(date +%Y%m%d-%H%M%S)-$$"
defs="$(mktemp -d)"
trap 'rm -rf "$defs"' EXIT
cli() { java -jar "$cli_jar" "$@" --server "$server"; }

previous=""
for step in seed migrate analyze cleanup export; do
  after=""
  [ -n "$previous" ] && after=", \"after\": [\"$run-$previous\"]"
  cat > "$defs/$step.json" <<JSON
{
  "id": "$run-$step",
  "name": "pipeline $step",
  "machine": "exec",
  "parameters": {
    "command": ["python3", "$here/tasks/$step.py"],
    "env": {"DATA_DIR": "$data", "RECORDS_COUNT": "${RECORDS_COUNT:-20}", "CLEANUP_DAYS": "${CLEANUP_DAYS:-30}"}
  },
  "resources": {"exclusive": ["pipeline-data"]}$after
}
JSON
  previous="$step"
done

# All five at once (a JVM start per CLI call would let each step end before the next is sent).
python3 - "$server" "$defs" <<'PY'
import json, os, sys, urllib.error, urllib.request
server, defs = sys.argv[1], sys.argv[2]
for step in ("seed", "migrate", "analyze", "cleanup", "export"):
    request = urllib.request.Request(server + "/v1/tasks", data=open(os.path.join(defs, step + ".json"), "rb").read(),
                                     headers={"Content-Type": "application/json"})
    if os.environ.get("RUNNER_TOKEN"):
        request.add_header("Authorization", "Bearer " + os.environ["RUNNER_TOKEN"])
    try:
        view = json.load(urllib.request.urlopen(request, timeout=30))
    except urllib.error.HTTPError as e:
        sys.exit("submit %s: %d %s" % (step, e.code, e.read().decode()))
    print(view["taskId"], view["state"], "-", view["waitingFor"] or "")
PY
echo "--- export, followed to its end (the same definition again: the node answers with the task)"
status=0
cli submit --wait "$defs/export.json" || status=$?
echo "--- the node's view at the end"
cli list | awk -v run="$run" 'NR == 1 || index($0, run)'
echo "--- $data/pipeline.log: what ran, in order"
cat "$data/pipeline.log"
exit "$status"
