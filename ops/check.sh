#!/usr/bin/env bash
# Static checks of the deployment files (docker/, k8s/, ops/). Fast, no cluster, no Docker engine.
# Run from anywhere:  ops/check.sh
#
#  k8s      every kustomization's files exist and parse, no secret values committed (always);
#           every overlay rendered with `kubectl kustomize` (when kubectl is present), each rendered
#           object validated against the Kubernetes API schema with unknown fields rejected
#           (ops/validate, npm kubernetes-models), and project rules on the rendered objects
#           (probes and Prometheus annotations on the `management` port, client-facing Services and
#           Ingresses without it, the gateways' internal URLs on management Services, NetworkPolicy,
#           each service's secrets -- IM_AUTH_HMAC_SECRET never to routing --, resources, HPA/PDB per
#           workload, gateway node id/advertised URL/headless Service, termination grace >= drain
#           arithmetic, references resolve)
#  compose  docker/compose.yaml through `docker compose config` (v2 plugin) or else Debian's
#           docker-compose (v1), plus wiring rules; the Dockerfile through dockerfile-utils lint
#  prom     promtool check config / check rules / test rules; the dashboard's queries parsed by
#           promtool; every metric used by alerts or dashboard documented in docs/deployment.md
#  scripts  bash -n and shellcheck (warnings) on the shell scripts; ops/tools/ImTraffic.java compiles
#
# Missing tools are installed when possible (apt: prometheus for promtool, docker-compose, shellcheck; npm:
# ops/validate) unless IM_CHECK_NO_INSTALL=1; what still cannot run is reported as SKIP with the
# reason. Exit 1 if any check FAILs (a SKIP is not a failure).
set -euo pipefail
cd "$(dirname "$0")/.."

NO_INSTALL="${IM_CHECK_NO_INSTALL:-0}"
WORK="$(mktemp -d /tmp/im-check.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT
T0=$(date +%s)
RESULTS=()
FAILED=0
pass() { RESULTS+=("PASS  $1"); printf '  PASS  %s\n' "$1"; }
skip() { RESULTS+=("SKIP  $1 -- $2"); printf '  SKIP  %s -- %s\n' "$1" "$2"; }
failed() { RESULTS+=("FAIL  $1"); printf '  FAIL  %s\n' "$1"; FAILED=1; }
# run NAME CMD...: PASS/FAIL by exit code; output shown on failure (and kept short on success).
run() {
  local name="$1"; shift
  if "$@" >"$WORK/out" 2>&1; then
    sed 's/^/        /' "$WORK/out" | tail -n 4
    pass "$name"
  else
    sed 's/^/        /' "$WORK/out" | grep -v '^        ok ' | tail -n 40
    failed "$name"
  fi
}
section() { printf '\n== %s\n' "$1"; }
# Root installs directly; an ordinary account through sudo when it needs no password (never prompts).
SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo -n"
can_apt() {
  [[ "$NO_INSTALL" != 1 ]] && command -v apt-get >/dev/null 2>&1 && { [[ -z "$SUDO" ]] || sudo -n true 2>/dev/null; }
}
apt_install() { # quiet; refreshes the package lists once if the first try fails
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >"$WORK/apt.log" 2>&1 \
    || { $SUDO apt-get update -q >>"$WORK/apt.log" 2>&1 && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >>"$WORK/apt.log" 2>&1; }
}

HAVE_PY=0
if command -v python3 >/dev/null 2>&1 && ! python3 -c 'import yaml' 2>/dev/null && can_apt; then
  apt_install python3-yaml || true
fi
if command -v python3 >/dev/null 2>&1 && python3 -c 'import yaml' 2>/dev/null; then HAVE_PY=1; fi
HAVE_NODE=0
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  if [[ ! -d ops/validate/node_modules || ops/validate/package-lock.json -nt ops/validate/node_modules ]]; then
    if [[ "$NO_INSTALL" != 1 ]]; then
      (cd ops/validate && timeout 300 npm ci --no-audit --no-fund --loglevel=error >"$WORK/npm.log" 2>&1) || true
    fi
  fi
  [[ -d ops/validate/node_modules/kubernetes-models ]] && HAVE_NODE=1
fi
checks() { python3 ops/validate/checks.py "$@"; }

# ---------------------------------------------------------------------------------------------
section "Kubernetes manifests (k8s/)"
if [[ $HAVE_PY == 1 ]]; then
  run "k8s: kustomization files exist and parse; no secret values committed" checks k8s-structure
else
  skip "k8s structure" "python3 with PyYAML not available"
fi
if command -v kubectl >/dev/null 2>&1; then
  for overlay in k8s/overlays/*/; do
    name="$(basename "$overlay")"
    if kubectl kustomize "$overlay" >"$WORK/k8s-$name.yaml" 2>"$WORK/kustomize-$name.err"; then
      pass "k8s: kubectl kustomize $overlay ($(grep -c '^kind:' "$WORK/k8s-$name.yaml") objects)"
      if [[ $HAVE_NODE == 1 ]]; then
        run "k8s: $name objects valid against the Kubernetes API schema (unknown fields rejected)" \
          node ops/validate/validate-k8s.mjs "$WORK/k8s-$name.yaml"
      else
        skip "k8s: $name schema validation" "node/npm or ops/validate packages not available"
      fi
      if [[ $HAVE_PY == 1 ]]; then
        run "k8s: $name rules (management port: probes, scrape, Services, Ingress, NetworkPolicy; secrets per service; resources, HPA/PDB, gateway identity, grace vs drain, references)" \
          checks k8s-rendered "$name" "$WORK/k8s-$name.yaml"
      fi
    else
      sed 's/^/        /' "$WORK/kustomize-$name.err"
      failed "k8s: kubectl kustomize $overlay"
    fi
  done
else
  skip "k8s: render overlays, schema and rules on rendered objects" "kubectl not found (needs >= 1.27, kustomize v5; Debian bookworm's kubernetes-client is 1.20, too old)"
fi

# ---------------------------------------------------------------------------------------------
section "Containers (docker/)"
# Placeholders for compose's required variables (${VAR:?}), so that its interpolation can be checked.
export IM_AUTH_HMAC_SECRET=check-only-not-a-secret-0123456789abcdef POSTGRES_PASSWORD=check-only \
  IM_ADMIN_TOKEN=check-only-admin-token-0123456789abcdef IM_INTERNAL_TOKEN=check-only-internal-token-0123456789abcdef
if docker compose version >/dev/null 2>&1; then
  run "compose: docker compose config -q" docker compose -f docker/compose.yaml config -q
else
  if ! command -v docker-compose >/dev/null 2>&1 && can_apt; then
    echo "  (installing Debian's docker-compose for its compose-file validation)"
    apt_install docker-compose || true
  fi
  if command -v docker-compose >/dev/null 2>&1; then
    run "compose: docker-compose config -q ($(docker-compose version --short 2>/dev/null || echo v1); no 'docker compose' plugin here)" \
      docker-compose -f docker/compose.yaml config -q
  else
    skip "compose: schema validation" "neither 'docker compose' nor docker-compose available"
  fi
fi
if [[ $HAVE_PY == 1 ]]; then
  run "compose: wiring (depends_on/healthchecks, gateway ids/ports/advertised URLs, management ports on 127.0.0.1, tokens per service, infra addresses, .env.example keys only)" checks compose
fi
if [[ -x ops/validate/node_modules/.bin/dockerfile-utils ]]; then
  run "Dockerfile: dockerfile-utils lint" ops/validate/node_modules/.bin/dockerfile-utils lint docker/Dockerfile
else
  skip "Dockerfile lint" "ops/validate packages not installed"
fi
dockerfile_refs() {
  local ok=0
  grep -q '^FROM jar-${JAR_SOURCE} AS jar' docker/Dockerfile || { echo "no 'FROM jar-\${JAR_SOURCE}' stage"; ok=1; }
  for s in jar-build jar-prebuilt; do grep -q "AS $s\$" docker/Dockerfile || { echo "stage $s missing"; ok=1; }; done
  for f in $(grep -oE '^COPY (--chmod=[0-9]+ )?docker/[^ ]+' docker/Dockerfile | awk '{print $NF}'); do
    [[ -f "$f" ]] || { echo "COPY source $f missing"; ok=1; }
  done
  bash -n docker/healthcheck.sh || ok=1
  # Two ports: the client port and the management port, where the health check asks.
  grep -qE '^ENV SERVER_PORT=8080' docker/Dockerfile || { echo "no ENV SERVER_PORT=8080"; ok=1; }
  grep -qE '^ +MANAGEMENT_SERVER_PORT=9080' docker/Dockerfile || { echo "no ENV MANAGEMENT_SERVER_PORT=9080"; ok=1; }
  grep -qE '^EXPOSE 8080 9080$' docker/Dockerfile || { echo "EXPOSE must list 8080 and 9080"; ok=1; }
  grep -q '^HEALTHCHECK .*CMD \["healthcheck"\]' docker/Dockerfile || { echo "no HEALTHCHECK running healthcheck.sh"; ok=1; }
  grep -q 'port="${MANAGEMENT_SERVER_PORT:-9080}"' docker/healthcheck.sh || { echo "healthcheck.sh does not ask the management port"; ok=1; }
  echo "stages and COPY sources present; healthcheck.sh parses; EXPOSE 8080 9080, health check on MANAGEMENT_SERVER_PORT"
  return $ok
}
run "Dockerfile: JAR_SOURCE stages, COPY sources, both ports exposed, health check on the management port" dockerfile_refs

# ---------------------------------------------------------------------------------------------
section "Monitoring (ops/prometheus, ops/grafana)"
if ! command -v promtool >/dev/null 2>&1 && can_apt; then
  echo "  (installing Debian's prometheus package for promtool; its daemon is not left running)"
  before="$(pgrep -x prometheus || true)"
  apt_install prometheus || true
  for pid in $(pgrep -x prometheus || true); do # a package-started daemon, not one that ran before
    grep -qx "$pid" <<<"$before" || { echo "  (stopping the prometheus daemon the package started, pid $pid)"; kill "$pid" || true; }
  done
fi
if command -v promtool >/dev/null 2>&1; then
  run "promtool check rules alerts.yml" promtool check rules ops/prometheus/alerts.yml
  run "promtool test rules alerts.test.yml" promtool test rules ops/prometheus/alerts.test.yml
  run "promtool check config prometheus.yml (local ./im up)" promtool check config ops/prometheus/prometheus.yml
  run "promtool check config prometheus-compose.yml" promtool check config ops/prometheus/prometheus-compose.yml
  if promtool check config ops/prometheus/prometheus-k8s.yml >"$WORK/k8sprom" 2>&1; then
    pass "promtool check config prometheus-k8s.yml"
  elif grep -q "kubernetes_sd_configs not found" "$WORK/k8sprom"; then
    skip "promtool check config prometheus-k8s.yml" "this promtool ($(promtool --version 2>&1 | head -1 | awk '{print $3}')) is built without Kubernetes service discovery (Debian's build)"
  else
    cat "$WORK/k8sprom"; failed "promtool check config prometheus-k8s.yml"
  fi
  if [[ $HAVE_PY == 1 ]]; then
    checks dashboard-rules "$WORK/dashboard-rules.yml" >/dev/null
    run "Grafana dashboard queries parse (promtool, as recording rules)" promtool check rules "$WORK/dashboard-rules.yml"
  fi
else
  skip "promtool checks" "promtool not found (Debian package: prometheus)"
fi
if [[ $HAVE_PY == 1 ]]; then
  run "Grafana dashboard structure (ids, gridPos, datasource variable, variables defined)" checks dashboard
  run "every metric in alerts and dashboard is in docs/deployment.md" checks metrics-doc
fi

# ---------------------------------------------------------------------------------------------
section "Scripts and tools"
scripts_parse() {
  local f rc=0
  for f in ops/check.sh ops/scrape-check.sh docker/healthcheck.sh k8s/overlays/dev/create-secret.sh; do
    bash -n "$f" || rc=1
    [[ -x "$f" ]] || { echo "$f is not executable"; rc=1; }
  done
  return $rc
}
run "bash -n and +x on ops/*.sh, docker/healthcheck.sh, create-secret.sh" scripts_parse
if ! command -v shellcheck >/dev/null 2>&1 && can_apt; then
  echo "  (installing Debian's shellcheck)"
  apt_install shellcheck || true
fi
if command -v shellcheck >/dev/null 2>&1; then
  run "shellcheck" shellcheck -S warning ops/check.sh ops/scrape-check.sh docker/healthcheck.sh k8s/overlays/dev/create-secret.sh
else
  skip "shellcheck" "not installed (Debian package shellcheck)"
fi
if command -v javac >/dev/null 2>&1; then
  run "ops/tools/ImTraffic.java compiles" javac -d "$WORK/classes" ops/tools/ImTraffic.java
else
  skip "ImTraffic.java compile" "no javac"
fi

# ---------------------------------------------------------------------------------------------
printf '\n== Summary (%ds)\n' "$(( $(date +%s) - T0 ))"
printf '%s\n' "${RESULTS[@]}"
n_pass=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^PASS' || true)
n_fail=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^FAIL' || true)
n_skip=$(printf '%s\n' "${RESULTS[@]}" | grep -c '^SKIP' || true)
printf '\n%d passed, %d failed, %d skipped\n' "$n_pass" "$n_fail" "$n_skip"
exit $FAILED
