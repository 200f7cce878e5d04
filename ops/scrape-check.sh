#!/usr/bin/env bash
# Scrapes an ALREADY RUNNING local cluster (`./im up` in another terminal) with a real Prometheus
# (the Debian package's binary) using ops/prometheus/prometheus.yml and alerts.yml unchanged -- every
# service's management port (gateways 9081, 9082; routing 9090, presence 9091, group 9092) --, sends
# a little real traffic (ops/tools/ImTraffic.java: test tokens, redirects, send -> accepted ->
# pushed), then asserts through Prometheus' HTTP API that the key series exist with sane values,
# that every alerting rule evaluates without error and none fires (pending is reported: a burst on
# a cold 2-core laptop can start ImDeliveryLatencyP99High's 10-minute clock), and that every query of the
# Grafana dashboard evaluates. It also checks the port split: Actuator only on the management ports
# (the client ports answer 404), /actuator/metrics refused without the admin token and served with
# it, routing's /admin/ring listing both gateways. Stops only the Prometheus it started (by PID) and
# deletes its data.
#
#   ops/scrape-check.sh [--no-traffic]
#   PROM_PORT=9099 (Prometheus listens on 127.0.0.1:$PROM_PORT)  MESSAGES=100 (sent with traffic)
#   IM_ADMIN_TOKEN (default: the token `./im up` wrote to .im/admin-token)
#
# Exit 0: every check passed; 1: a check failed; 2: cannot run (no cluster, no prometheus).
set -euo pipefail
cd "$(dirname "$0")/.."

PROM_PORT="${PROM_PORT:-9099}"
TRAFFIC=1
[[ "${1:-}" == "--no-traffic" ]] && TRAFFIC=0
PAIRS=4
PER_PAIR=$(( ${MESSAGES:-100} / PAIRS ))
T0=$(date +%s)
say() { printf '[scrape-check %3ds] %s\n' "$(( $(date +%s) - T0 ))" "$*"; }

if ! command -v prometheus >/dev/null 2>&1; then
  # Root installs directly; an ordinary account through sudo when it needs no password (never prompts).
  SUDO=""
  [[ $(id -u) -eq 0 ]] || SUDO="sudo -n"
  if command -v apt-get >/dev/null 2>&1 && { [[ -z "$SUDO" ]] || sudo -n true 2>/dev/null; }; then
    say "installing the Debian package prometheus (binary only; its service is not started here)"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null \
      || { $SUDO apt-get update -q >/dev/null && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends prometheus >/dev/null; }
  fi
  command -v prometheus >/dev/null 2>&1 || { echo "prometheus not found: install the Debian package prometheus (sudo apt-get install prometheus), or run as root or with passwordless sudo"; exit 2; }
fi

# ./im up's layout: client ports (API, WebSocket, /dev/token) and management ports (Actuator, /admin).
CLIENT_PORTS="8081 8082 8090 8091 8092"
MANAGEMENT_PORTS="9081 9082 9090 9091 9092"
for port in $MANAGEMENT_PORTS; do
  if ! curl -fsS -m 3 -o /dev/null "http://127.0.0.1:${port}/actuator/health/readiness"; then
    echo "nothing ready on 127.0.0.1:${port}/actuator/health/readiness: start the local cluster first (./im up) and wait for 'all services ready'"
    exit 2
  fi
done
ADMIN_TOKEN="${IM_ADMIN_TOKEN:-}"
if [[ -z "$ADMIN_TOKEN" && -r .im/admin-token ]]; then
  ADMIN_TOKEN="$(tr -d '\n' < .im/admin-token)"
fi
if [[ -z "$ADMIN_TOKEN" ]]; then
  echo "no admin token: set IM_ADMIN_TOKEN or run ./im up from this directory (it writes .im/admin-token)"
  exit 2
fi
if curl -s -m 2 -o /dev/null "http://127.0.0.1:${PROM_PORT}/"; then
  echo "127.0.0.1:${PROM_PORT} is in use; set PROM_PORT"
  exit 2
fi

WORK="$(mktemp -d /tmp/im-scrape-check.XXXXXX)"
PROM_PID=""
cleanup() {
  if [[ -n "$PROM_PID" ]] && kill -0 "$PROM_PID" 2>/dev/null; then
    kill -TERM "$PROM_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$PROM_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PROM_PID" 2>/dev/null || true
    wait "$PROM_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

say "starting $(prometheus --version 2>&1 | head -1 | cut -d' ' -f1-3) on 127.0.0.1:${PROM_PORT} (data in ${WORK})"
prometheus \
  --config.file=ops/prometheus/prometheus.yml \
  --storage.tsdb.path="${WORK}/data" \
  --web.listen-address="127.0.0.1:${PROM_PORT}" \
  --log.level=warn >"${WORK}/prometheus.log" 2>&1 &
PROM_PID=$!
API="http://127.0.0.1:${PROM_PORT}"
for _ in $(seq 1 100); do
  curl -fsS -m 1 -o /dev/null "${API}/-/ready" 2>/dev/null && break
  kill -0 "$PROM_PID" 2>/dev/null || { cat "${WORK}/prometheus.log"; echo "prometheus exited"; exit 1; }
  sleep 0.2
done
curl -fsS -m 1 -o /dev/null "${API}/-/ready" || { echo "prometheus not ready"; exit 1; }
say "prometheus ready (pid ${PROM_PID}); waiting for the first scrape of every target"

python3 - "$API" <<'EOF'
import json, sys, time, urllib.request
api = sys.argv[1]
deadline = time.time() + 60
while True:
    t = json.load(urllib.request.urlopen(api + "/api/v1/targets?state=active", timeout=5))["data"]["activeTargets"]
    done = [x for x in t if x["health"] != "unknown"]
    if t and len(done) == len(t):
        break
    if time.time() > deadline:
        sys.exit("targets not scraped within 60 s: %s" % [(x["scrapeUrl"], x["health"]) for x in t])
    time.sleep(0.5)
EOF

if [[ $TRAFFIC -eq 1 ]]; then
  say "sending $(( PAIRS * PER_PAIR )) messages over ${PAIRS} user pairs (ops/tools/ImTraffic.java)"
  java ops/tools/ImTraffic.java http://127.0.0.1:8081 "$PAIRS" "$PER_PAIR"
fi
say "waiting 12 s (two scrapes and rule evaluations after the traffic)"
sleep 12

say "querying"
rc=0
# The token goes through the environment, not the command line (visible in ps).
IM_ADMIN_TOKEN="$ADMIN_TOKEN" python3 - "$API" "$TRAFFIC" "$(( PAIRS * PER_PAIR ))" ops/grafana/im-dashboard.json \
  "$CLIENT_PORTS" "$MANAGEMENT_PORTS" <<'EOF' || rc=$?
import json, math, os, sys, urllib.error, urllib.parse, urllib.request
api, traffic, sent, dashboard = sys.argv[1], sys.argv[2] == "1", int(sys.argv[3]), sys.argv[4]
client_ports, management_ports = sys.argv[5].split(), sys.argv[6].split()
admin_token = os.environ["IM_ADMIN_TOKEN"]
failures, lines = [], []

def query(q):
    url = api + "/api/v1/query?" + urllib.parse.urlencode({"query": q})
    try:
        body = json.load(urllib.request.urlopen(url, timeout=10))
    except urllib.error.HTTPError as e:
        body = json.load(e)
    if body.get("status") != "success":
        raise RuntimeError("%s: %s" % (body.get("errorType"), body.get("error")))
    return body["data"]["result"]

def values(q):
    return [float(r["value"][1]) for r in query(q)]

def check(name, ok, detail):
    (lines if ok else failures).append(("ok  " if ok else "FAIL") + "  %-44s %s" % (name, detail))

def http(url, token=None):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token} if token else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()

# The port split: Actuator on the management ports only, behind the admin token beyond health/metrics.
wrong = ["%s%s=%s" % (p, path, st) for p in client_ports for path in ("/actuator/prometheus", "/actuator/health")
         for st in [http("http://127.0.0.1:%s%s" % (p, path))[0]] if st != 404]
check("client ports answer 404 for Actuator", not wrong, "ports %s%s" % (" ".join(client_ports), "; got %s" % wrong if wrong else ""))
wrong = []
for p in management_ports:
    anon, authed = http("http://127.0.0.1:%s/actuator/metrics" % p)[0], http("http://127.0.0.1:%s/actuator/metrics" % p, admin_token)[0]
    if (anon, authed) != (401, 200):
        wrong.append("%s: %s without, %s with the token" % (p, anon, authed))
check("/actuator/metrics: 401 without, 200 with token", not wrong, "ports %s%s" % (" ".join(management_ports), "; %s" % wrong if wrong else ""))
st, ring = http("http://127.0.0.1:9090/admin/ring", admin_token)
check("routing /admin/ring (admin token) lists gw-1, gw-2", st == 200 and '"id":"gw-1"' in ring and '"id":"gw-2"' in ring, "status %s" % st)

targets = json.load(urllib.request.urlopen(api + "/api/v1/targets?state=active"))["data"]["activeTargets"]
n_targets = len(targets)
scraped = sorted(urllib.parse.urlsplit(t["scrapeUrl"]).port for t in targets)
check("Prometheus scrapes the management ports", [str(p) for p in scraped] == sorted(management_ports),
      "scrape ports %s" % scraped)
gateways = sum(1 for t in targets if t["labels"]["job"] == "im-gateway")
down = ["%s %s (%s)" % (t["labels"]["job"], t["labels"]["instance"], t["lastError"]) for t in targets if t["health"] != "up"]
check("up == 1 for every target", not down and n_targets > 0, "%d targets, %d gateways%s" % (n_targets, gateways, "; down: %s" % down if down else ""))
v = values('count(up{job=~"im-.+"} == 1)')
check("count(up == 1) via PromQL", v == [n_targets], "%s" % v)

ring_nodes = query("im_ring_nodes")
bad = ["%s=%s" % (r["metric"].get("job"), r["value"][1]) for r in ring_nodes if float(r["value"][1]) != gateways]
check("im_ring_nodes == gateways on every node", ring_nodes and not bad and len(ring_nodes) >= gateways + 1,
      "%d series, expected value %d%s" % (len(ring_nodes), gateways, "; wrong: %s" % bad if bad else ""))
sigs = values("count(count by (signature) (im_ring_signature == 1))")
check("one ring signature everywhere", sigs == [1.0], "distinct signatures: %s" % sigs)
ep = values("im_ring_epoch")
check("im_ring_epoch >= 1", ep and min(ep) >= 1, "min %s over %d series" % (min(ep) if ep else None, len(ep)))
for m in ("im_gateway_sessions", "im_gateway_users"):
    v = values("%s{job=\"im-gateway\"}" % m)
    check("%s >= 0 on each gateway" % m, len(v) == gateways and all(x >= 0 and math.isfinite(x) for x in v), "values %s" % v)
for job in ("im-routing", "im-presence"):
    v = query('sum by (level, result) (im_presence_cache_total{job="%s"})' % job)
    levels = sorted({r["metric"]["level"] for r in v})
    check("presence cache series on %s" % job, levels == ["database", "memory", "redis"], "levels %s" % levels)
v = values('im_presence_watchers{job="im-presence"}')
check("im_presence_watchers >= 0", len(v) == 1 and v[0] >= 0, "%s" % v)
v = values('count(im_membership_changes_total)')
check("im_membership_changes_total present", v and v[0] >= 2, "%s series" % v)
v = query('im_gateway_delivery_latency_seconds_bucket{le="+Inf"}')
check("delivery latency histogram on each gateway", len(v) == gateways, "%d +Inf buckets" % len(v))
v = values('count(kafka_consumer_fetch_manager_records_lag_max{job="im-gateway"})')
check("Kafka consumer lag metrics on gateways", v and v[0] >= gateways, "%s consumer series" % v)
v = values('count(count by (instance) (jvm_memory_used_bytes{job=~"im-.+", area="heap"} > 0))')
check("JVM heap metrics from every target", v == [n_targets], "%s instances" % v)
v = values('min(process_files_max_files{job="im-gateway"})')
check("process_files_max_files on gateways", v and v[0] > 0, "min limit %s" % v)

if traffic:
    v = values('sum(im_routing_messages_total{outcome="stored"})')
    check("messages stored (routing) >= sent", v and v[0] >= sent, "%s stored, %d sent now" % (v, sent))
    v = values('sum(im_gateway_messages_received_total)')
    check("messages received (gateways) >= sent", v and v[0] >= sent, "%s" % v)
    v = values('sum(im_gateway_delivery_latency_seconds_count)')
    check("deliveries timed >= sent", v and v[0] >= sent, "%s" % v)
    v = values('histogram_quantile(0.99, sum by (le) (rate(im_gateway_delivery_latency_seconds_bucket[1m])))')
    check("p99 send->deliver finite and < 5 s", len(v) == 1 and math.isfinite(v[0]) and 0 < v[0] < 5,
          "%s s (last minute, histogram buckets)" % ["%.4f" % x for x in v])
    v = values('sum(rate(im_gateway_messages_received_total[30s]))')
    check("messages-in rate > 0 after traffic", v and v[0] > 0, "%s /s" % ["%.2f" % x for x in v])
    # Per-partition lag meters appear only when Micrometer's Kafka binder refreshes its meter list (every
    # 60 s), so right after a start they may not exist yet: wait up to 90 s for them.
    import time
    deadline = time.time() + 90
    while True:
        v = query('sum by (node) (kafka_consumer_fetch_manager_records_lag{job="im-gateway", topic=~"im\\\\.node\\\\..+"})')
        if v or time.time() > deadline:
            break
        time.sleep(5)
    check("node-queue lag per node (topic im.node.<id>)", len(v) >= 1 and all(float(r["value"][1]) >= 0 for r in v),
          ", ".join("%s=%s" % (r["metric"].get("node"), r["value"][1]) for r in v))
    v = values('sum(rate(im_presence_cache_total{job="im-routing"}[1m]))')
    check("routing presence-cache reads > 0 after traffic", v and v[0] > 0, "%s /s" % v)

groups = json.load(urllib.request.urlopen(api + "/api/v1/rules"))["data"]["groups"]
rules = [r for g in groups for r in g["rules"]]
unhealthy = ["%s: %s" % (r["name"], r.get("lastError")) for r in rules if r.get("health") != "ok"]
check("alerting rules loaded and evaluating", rules and not unhealthy, "%d rules%s" % (len(rules), "; errors: %s" % unhealthy if unhealthy else ", all health=ok"))
alerts = [(a["labels"]["alertname"], a["state"]) for r in rules for a in r.get("alerts", [])]
firing = [n for n, s in alerts if s == "firing"]
pending = [n for n, s in alerts if s == "pending"]
check("no alert firing", not firing, "firing: %s; pending: %s" % (firing or "none", pending or "none"))

# Every Grafana query must evaluate (no syntax or evaluation error); report those without data.
dash = json.load(open(dashboard))
exprs = [(p["title"], t["expr"]) for p in dash["panels"] for t in p.get("targets", [])]
errors, empty = [], []
for title, e in exprs:
    q = e.replace("$__rate_interval", "1m").replace('"$node"', '".*"')
    try:
        if not query(q):
            empty.append(title)
    except RuntimeError as err:
        errors.append("%s: %s" % (title, err))
check("Grafana queries evaluate", not errors, "%d queries, %d with data%s" % (len(exprs), len(exprs) - len(empty), "; errors: %s" % errors if errors else ""))

# Series that exist only after the first error or group message: reported, not required.
for m in ("im_errors_total", "im_gateway_group_fanout_total"):
    n = values("count(%s)" % m)
    lines.append("info  %-44s %s" % (m, "%d series" % n[0] if n else "absent"))
if empty:
    lines.append("info  %-44s %s" % ("dashboard panels without data now", sorted(set(empty))))

print("\n".join(lines + failures))
print("\n%d passed, %d failed" % (sum(1 for l in lines if l.startswith("ok")), len(failures)))
sys.exit(1 if failures else 0)
EOF
say "done; stopping prometheus (pid ${PROM_PID})"
exit $rc
