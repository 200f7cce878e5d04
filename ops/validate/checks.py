#!/usr/bin/env python3
"""Project-specific checks of the deployment files, used by ops/check.sh (Python 3 + PyYAML only).

  checks.py k8s-structure                    every kustomization's files exist and parse; no secret values
  checks.py k8s-rendered NAME RENDERED.yaml  rules on an overlay's `kubectl kustomize` output
  checks.py compose                          docker/compose.yaml wiring (beyond the compose schema)
  checks.py dashboard                        ops/grafana/im-dashboard.json structure
  checks.py dashboard-rules OUT.yml          the dashboard's queries as recording rules (for `promtool check rules`)
  checks.py metrics-doc                      every metric in alerts and dashboard is in docs/deployment.md

Each prints one line per finding and exits 1 if any rule failed. Run from the repository root.
"""
import json
import os
import re
import sys

import yaml

ROOT = os.getcwd()
problems = []


def fail(msg):
    problems.append(msg)


def load_all(path):
    with open(path) as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def duration_seconds(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m|h)?", str(text).strip())
    if not m:
        raise ValueError("not a duration: %r" % text)
    return float(m.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, None: 1}[m.group(2)]


def env_keys(path):
    keys = {}
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                k, v = line.split("=", 1)
                keys[k.strip()] = v.strip()
    return keys


# ---- kustomize structure (works without kubectl) ----------------------------------------------
def k8s_structure():
    kfiles = []
    for dirpath, _, files in os.walk("k8s"):
        if "kustomization.yaml" in files:
            kfiles.append(os.path.join(dirpath, "kustomization.yaml"))
    if not kfiles:
        fail("no kustomization.yaml under k8s/")
    for kf in sorted(kfiles):
        base = os.path.dirname(kf)
        k = load_all(kf)[0]
        if k.get("kind") != "Kustomization":
            fail("%s: kind is not Kustomization" % kf)
        for r in k.get("resources", []):
            p = os.path.normpath(os.path.join(base, r))
            if os.path.isdir(p):
                if not os.path.exists(os.path.join(p, "kustomization.yaml")):
                    fail("%s: resource dir %s has no kustomization.yaml" % (kf, r))
                continue
            if not os.path.isfile(p):
                fail("%s: resource %s does not exist" % (kf, r))
                continue
            for i, d in enumerate(load_all(p)):
                for field in ("apiVersion", "kind"):
                    if not d.get(field):
                        fail("%s doc %d: no %s" % (p, i, field))
                if not (d.get("metadata") or {}).get("name"):
                    fail("%s doc %d (%s): no metadata.name" % (p, i, d.get("kind")))
        for pt in k.get("patches", []):
            p = os.path.join(base, pt["path"]) if "path" in pt else None
            if p and not os.path.isfile(p):
                fail("%s: patch %s does not exist" % (kf, pt["path"]))
            elif p:
                load_all(p)
        for g in k.get("configMapGenerator", []) + k.get("secretGenerator", []):
            for src in g.get("files", []) + g.get("envs", []):
                if not os.path.isfile(os.path.join(base, src.split("=")[-1])):
                    fail("%s: generator source %s does not exist" % (kf, src))
            if g in k.get("secretGenerator", []) and g.get("literals"):
                fail("%s: secretGenerator %s has literal values committed" % (kf, g.get("name")))
    # No Secret with values anywhere under k8s/, and the template has keys only.
    for dirpath, _, files in os.walk("k8s"):
        for fn in files:
            if fn.endswith((".yaml", ".yml")):
                for d in load_all(os.path.join(dirpath, fn)):
                    if isinstance(d, dict) and d.get("kind") == "Secret" and (d.get("data") or d.get("stringData")):
                        fail("%s: a Secret with values is committed" % os.path.join(dirpath, fn))
    keys = env_keys("k8s/secret.example.env")
    if not keys:
        fail("k8s/secret.example.env lists no keys")
    for k_, v in keys.items():
        if v:
            fail("k8s/secret.example.env: %s has a value; commit keys only" % k_)
    print("k8s structure: %d kustomizations, secret template keys %s" % (len(kfiles), sorted(keys)))


# ---- rules on rendered output -----------------------------------------------------------------
NAMESPACED_EXEMPT = {"Namespace"}


def labels_match(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def k8s_rendered(name, path):
    objs = load_all(path)
    by_kind = {}
    for o in objs:
        by_kind.setdefault(o["kind"], []).append(o)
    secret_keys = set(env_keys("k8s/secret.example.env"))
    configmaps = {o["metadata"]["name"]: o.get("data", {}) for o in by_kind.get("ConfigMap", [])}
    services = {o["metadata"]["name"]: o for o in by_kind.get("Service", [])}
    workloads = by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])
    namespaces = {o["metadata"].get("namespace") for o in objs if o["kind"] not in NAMESPACED_EXEMPT}
    if len(namespaces) != 1 or None in namespaces:
        fail("%s: objects are not all in one namespace: %s" % (name, namespaces))
    if by_kind.get("Secret"):
        fail("%s: renders a Secret (secret values must not come from the repository)" % name)

    pod_labels = []
    for w in workloads:
        wid = "%s %s/%s" % (name, w["kind"], w["metadata"]["name"])
        tmpl = w["spec"]["template"]
        labels = tmpl["metadata"].get("labels", {})
        pod_labels.append((w, labels))
        if not labels_match(w["spec"]["selector"].get("matchLabels"), labels):
            fail("%s: selector does not match the pod template labels" % wid)
        ours = labels.get("app.kubernetes.io/part-of") == "im" and labels.get("app.kubernetes.io/component") != "infrastructure"
        spec = tmpl["spec"]
        for c in spec["containers"]:
            cid = "%s container %s" % (wid, c["name"])
            res = c.get("resources", {})
            for part, keys in (("requests", ("cpu", "memory")), ("limits", ("cpu", "memory"))):
                for key in keys:
                    if key not in res.get(part, {}):
                        fail("%s: no resources.%s.%s" % (cid, part, key))
            image = c.get("image", "")
            tag = image.rsplit(":", 1)[1] if ":" in image.rsplit("/", 1)[-1] else None
            if not tag or tag == "latest":
                fail("%s: image %r has no pinned tag" % (cid, image))
            port_names = {p.get("name") for p in c.get("ports", [])}
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                pr = c.get(probe)
                if ours and not pr:
                    fail("%s: no %s" % (cid, probe))
                if pr and "httpGet" in pr:
                    port = pr["httpGet"].get("port")
                    if isinstance(port, str) and port not in port_names:
                        fail("%s: %s port %r is not a declared container port" % (cid, probe, port))
            if ours:
                want = {"startupProbe": "/actuator/health/liveness", "livenessProbe": "/actuator/health/liveness",
                        "readinessProbe": "/actuator/health/readiness"}
                for probe, p in want.items():
                    got = (c.get(probe) or {}).get("httpGet", {}).get("path")
                    if got != p:
                        fail("%s: %s path %r, expected %s" % (cid, probe, got, p))
            for e in c.get("env", []):
                ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                if ref and (ref.get("name") != "im-secrets" or ref.get("key") not in secret_keys):
                    fail("%s: env %s reads secret %s/%s, not a key of k8s/secret.example.env" % (cid, e["name"], ref.get("name"), ref.get("key")))
                cref = (e.get("valueFrom") or {}).get("configMapKeyRef")
                if cref and cref.get("name") not in configmaps:
                    fail("%s: env %s reads missing ConfigMap %s" % (cid, e["name"], cref.get("name")))
            for ef in c.get("envFrom", []):
                if "configMapRef" in ef and ef["configMapRef"]["name"] not in configmaps:
                    fail("%s: envFrom missing ConfigMap %s" % (cid, ef["configMapRef"]["name"]))
                if "secretRef" in ef:
                    fail("%s: envFrom secretRef (read single keys with secretKeyRef)" % cid)
        if ours:
            ann = tmpl["metadata"].get("annotations", {})
            ports = {str(p["containerPort"]) for c in spec["containers"] for p in c.get("ports", [])}
            if ann.get("prometheus.io/scrape") != "true" or ann.get("prometheus.io/port") not in ports \
                    or ann.get("prometheus.io/path") != "/actuator/prometheus":
                fail("%s: prometheus.io annotations missing or not matching a container port" % wid)
            if not any(labels_match(p["spec"]["selector"].get("matchLabels"), labels) for p in by_kind.get("PodDisruptionBudget", [])):
                fail("%s: no PodDisruptionBudget selects it" % wid)
        if w["kind"] == "Deployment" and ours:
            hpas = [h for h in by_kind.get("HorizontalPodAutoscaler", [])
                    if h["spec"]["scaleTargetRef"]["kind"] == "Deployment" and h["spec"]["scaleTargetRef"]["name"] == w["metadata"]["name"]]
            if len(hpas) != 1:
                fail("%s: %d HorizontalPodAutoscalers target it (want 1)" % (wid, len(hpas)))
            elif hpas[0]["spec"].get("minReplicas", 1) > hpas[0]["spec"]["maxReplicas"]:
                fail("%s: HPA minReplicas > maxReplicas" % wid)

    # The gateway StatefulSet: node id = pod name, per-pod advertised URL, headless Service, grace >= drain.
    gws = [w for w in by_kind.get("StatefulSet", []) if w["spec"]["template"]["metadata"].get("labels", {}).get("app.kubernetes.io/name") == "gateway"]
    if len(gws) != 1:
        fail("%s: expected one gateway StatefulSet, found %d" % (name, len(gws)))
    for gw in gws:
        c = gw["spec"]["template"]["spec"]["containers"][0]
        env = c.get("env", [])
        names = [e["name"] for e in env]
        values = {e["name"]: e for e in env}
        pod_name = values.get("POD_NAME", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
        if pod_name != "metadata.name":
            fail("%s: POD_NAME must come from the downward API metadata.name" % name)
        if values.get("IM_GATEWAY_NODE_ID", {}).get("value") != "$(POD_NAME)" or names.index("IM_GATEWAY_NODE_ID") < names.index("POD_NAME"):
            fail("%s: IM_GATEWAY_NODE_ID must be $(POD_NAME), defined after POD_NAME" % name)
        adv = values.get("IM_GATEWAY_ADVERTISED_URL", {}).get("value", "")
        if "$(POD_NAME)" not in adv or not re.match(r"wss?://", adv):
            fail("%s: IM_GATEWAY_ADVERTISED_URL %r must be a ws(s) URL containing $(POD_NAME)" % (name, adv))
        if "$(POD_NAMESPACE)" in adv and names.index("POD_NAMESPACE") > names.index("IM_GATEWAY_ADVERTISED_URL"):
            fail("%s: POD_NAMESPACE must be defined before IM_GATEWAY_ADVERTISED_URL" % name)
        headless = services.get(gw["spec"].get("serviceName"))
        if not headless or headless["spec"].get("clusterIP") != "None":
            fail("%s: serviceName %r is not a headless Service here" % (name, gw["spec"].get("serviceName")))
        if ".%s." % gw["spec"].get("serviceName") not in adv and "$(POD_NAME)." in adv and adv.startswith("ws://"):
            fail("%s: in-cluster advertised URL does not use the headless Service" % name)
        cfg = {}
        for ef in c.get("envFrom", []):
            cfg.update(configmaps.get(ef.get("configMapRef", {}).get("name"), {}))
        drain = duration_seconds(cfg.get("IM_GATEWAY_CONNECTION_DRAIN_PERIOD", "5s"))
        phase = duration_seconds(cfg.get("SPRING_LIFECYCLE_TIMEOUT_PER_SHUTDOWN_PHASE", "30s"))
        grace = gw["spec"]["template"]["spec"].get("terminationGracePeriodSeconds", 30)
        need = 2 + drain + 2 * phase
        if grace < need:
            fail("%s: terminationGracePeriodSeconds %s < 2 s + drain %s s + 2 x shutdown phase %s s = %s s" % (name, grace, drain, phase, need))
        print("%s: gateway drain %gs, shutdown phase %gs, grace %ss (needs >= %gs); advertised %s" % (name, drain, phase, grace, need, adv))

    for s in services.values():
        sel = s["spec"].get("selector")
        if not sel:
            continue
        pod_name = sel.get("statefulset.kubernetes.io/pod-name")
        if pod_name:
            ok = any(re.fullmatch(re.escape(w["metadata"]["name"]) + r"-(\d+)", pod_name)
                     and int(pod_name.rsplit("-", 1)[1]) < w["spec"].get("replicas", 1)
                     for w in by_kind.get("StatefulSet", []))
            if not ok:
                fail("%s: Service %s selects pod %s, which no StatefulSet replica has" % (name, s["metadata"]["name"], pod_name))
        elif not any(labels_match(sel, labels) for _, labels in pod_labels):
            fail("%s: Service %s selects no pod template" % (name, s["metadata"]["name"]))
        for p in s["spec"].get("ports", []):
            tp = p.get("targetPort")
            if isinstance(tp, str):
                owners = [w for w, labels in pod_labels if labels_match(sel, labels) or pod_name]
                if owners and not any(tp in {cp.get("name") for c in w["spec"]["template"]["spec"]["containers"] for cp in c.get("ports", [])} for w in owners):
                    fail("%s: Service %s targetPort %r is not a container port name" % (name, s["metadata"]["name"], tp))
    for ing in by_kind.get("Ingress", []):
        for rule in ing["spec"].get("rules", []):
            for p in rule.get("http", {}).get("paths", []):
                svc = p["backend"]["service"]
                target = services.get(svc["name"])
                if not target:
                    fail("%s: Ingress %s routes to missing Service %s" % (name, ing["metadata"]["name"], svc["name"]))
                elif "name" in svc["port"] and svc["port"]["name"] not in {sp.get("name") for sp in target["spec"]["ports"]}:
                    fail("%s: Ingress %s uses port %s not on Service %s" % (name, ing["metadata"]["name"], svc["port"]["name"], svc["name"]))
    print("%s: %d objects (%s)" % (name, len(objs), ", ".join("%d %s" % (len(v), k) for k, v in sorted(by_kind.items()))))


# ---- compose ----------------------------------------------------------------------------------
def compose():
    path = "docker/compose.yaml"
    c = load_all(path)[0]
    services = c.get("services", {})
    base = os.path.dirname(path)
    required_env = set(re.findall(r"\$\{(\w+):\?", open(path).read()))
    example = set(env_keys("docker/.env.example"))
    for v in sorted(required_env - example):
        fail("compose: required variable %s is not in docker/.env.example" % v)
    for want in ["kafka", "redis", "postgres", "etcd", "routing", "presence", "group", "gw-1", "gw-2", "gw-3"]:
        if want not in services:
            fail("compose: no service %s" % want)
    declared_volumes = set((c.get("volumes") or {}).keys())
    deps = {}
    built_with_healthcheck = set()
    for name, s in services.items():
        if "image" not in s and "build" not in s:
            fail("compose: %s has neither image nor build" % name)
        b = s.get("build")
        if b:
            ctx = os.path.normpath(os.path.join(base, b.get("context", ".")))
            df = os.path.join(ctx, b.get("dockerfile", "Dockerfile"))
            if not os.path.isfile(df):
                fail("compose: %s Dockerfile %s missing" % (name, df))
            elif "HEALTHCHECK" in open(df).read():
                built_with_healthcheck.add(name)
            module = (b.get("args") or {}).get("MODULE")
            if not module or not os.path.isfile(os.path.join(ctx, module, "pom.xml")):
                fail("compose: %s builds MODULE %r, not a Maven module" % (name, module))
        if "profiles" not in s and "healthcheck" not in s and name not in built_with_healthcheck:
            fail("compose: %s has no healthcheck" % name)
        hc = s.get("healthcheck")
        if hc and (not isinstance(hc.get("test"), list) or hc["test"][0] not in ("CMD", "CMD-SHELL")):
            fail("compose: %s healthcheck test must be a CMD/CMD-SHELL list" % name)
        d = s.get("depends_on") or {}
        deps[name] = list(d)
        for target, cond in (d.items() if isinstance(d, dict) else [(t, {}) for t in d]):
            if target not in services:
                fail("compose: %s depends on missing %s" % (name, target))
            elif cond.get("condition") == "service_healthy" and "healthcheck" not in services[target] and target not in built_with_healthcheck:
                fail("compose: %s waits for %s healthy, which has no healthcheck" % (name, target))
        for v in s.get("volumes", []):
            src = v.split(":")[0] if isinstance(v, str) else v.get("source")
            if src.startswith((".", "/")):
                if not os.path.exists(os.path.normpath(os.path.join(base, src))):
                    fail("compose: %s mounts missing %s" % (name, src))
            elif src not in declared_volumes:
                fail("compose: %s uses undeclared volume %s" % (name, src))
    # cycles
    seen, stack = set(), set()

    def visit(n):
        if n in stack:
            fail("compose: depends_on cycle through %s" % n)
            return
        if n in seen:
            return
        stack.add(n)
        for m in deps.get(n, []):
            visit(m)
        stack.discard(n)
        seen.add(n)
    for n in services:
        visit(n)
    # gateways: distinct ids and ports; advertised URL = the published port; wiring to infra.
    gws = {n: s for n, s in services.items() if (s.get("build") or {}).get("args", {}).get("MODULE") == "gateway-service"}
    ids, host_ports = set(), set()
    for n, s in gws.items():
        env = s.get("environment", {})
        node = env.get("IM_GATEWAY_NODE_ID")
        if not node or node in ids:
            fail("compose: gateway %s node id %r missing or duplicated" % (n, node))
        ids.add(node)
        ports = [str(p) for p in s.get("ports", [])]
        published = ports[0].split(":")[0] if ports else None
        if not published or published in host_ports:
            fail("compose: gateway %s host port missing or duplicated" % n)
        host_ports.add(published)
        adv = env.get("IM_GATEWAY_ADVERTISED_URL", "")
        if not adv.startswith("ws://localhost:%s/" % published):
            fail("compose: gateway %s advertises %s, not its published port %s" % (n, adv, published))
        routing = re.match(r"https?://([^:/]+)", env.get("IM_GATEWAY_ROUTING_URL", ""))
        if not routing or routing.group(1) not in services:
            fail("compose: gateway %s IM_GATEWAY_ROUTING_URL host is not a service" % n)
    kafka_adv = services.get("kafka", {}).get("environment", {}).get("KAFKA_ADVERTISED_LISTENERS", "")
    pg = services.get("postgres", {}).get("environment", {})
    for n, s in services.items():
        env = s.get("environment") or {}
        bs = env.get("SPRING_KAFKA_BOOTSTRAP_SERVERS")
        if bs and "//%s" % bs not in kafka_adv:
            fail("compose: %s bootstrap %s is not a Kafka advertised listener (%s)" % (n, bs, kafka_adv))
        url = env.get("SPRING_DATASOURCE_URL")
        if url:
            m = re.match(r"jdbc:postgresql://([^:/]+):(\d+)/(\w+)", url)
            if not m or m.group(1) not in services or m.group(3) != pg.get("POSTGRES_DB") or env.get("SPRING_DATASOURCE_USERNAME") != pg.get("POSTGRES_USER"):
                fail("compose: %s datasource %s / user %s does not match the postgres service" % (n, url, env.get("SPRING_DATASOURCE_USERNAME")))
        host = env.get("SPRING_DATA_REDIS_HOST")
        if host and host not in services:
            fail("compose: %s redis host %s is not a service" % (n, host))
    prom = load_all("ops/prometheus/prometheus-compose.yml")[0]
    for sc in prom["scrape_configs"]:
        for t in sc["static_configs"][0]["targets"]:
            h, p = t.split(":")
            if h not in services or p != "8080":
                fail("compose: prometheus-compose.yml target %s is not a service on 8080" % t)
    print("compose: %d services, gateways %s" % (len(services), sorted(ids)))


# ---- dashboard --------------------------------------------------------------------------------
def dashboard_exprs():
    d = json.load(open("ops/grafana/im-dashboard.json"))
    return d, [(p["title"], t["expr"]) for p in d["panels"] for t in p.get("targets", [])]


def dashboard():
    d, exprs = dashboard_exprs()
    for key in ("title", "uid", "panels", "schemaVersion", "templating"):
        if key not in d:
            fail("dashboard: no %s" % key)
    ids = [p["id"] for p in d["panels"]]
    if len(ids) != len(set(ids)):
        fail("dashboard: duplicate panel ids")
    variables = {v["name"] for v in d["templating"]["list"]}
    for p in d["panels"]:
        if "gridPos" not in p:
            fail("dashboard: panel %r has no gridPos" % p.get("title"))
        if p["type"] != "row":
            if not p.get("targets"):
                fail("dashboard: panel %r has no query" % p["title"])
            if p.get("datasource", {}).get("uid") != "${datasource}":
                fail("dashboard: panel %r does not use the datasource variable" % p["title"])
    for title, e in exprs:
        for v in re.findall(r"\$(\w+)", e):
            if v not in variables and not v.startswith("__"):
                fail("dashboard: %r uses undefined variable $%s" % (title, v))
    print("dashboard: %d panels, %d queries" % (len([p for p in d["panels"] if p["type"] != "row"]), len(exprs)))


def dashboard_rules(out):
    _, exprs = dashboard_exprs()
    rules = [{"record": "dashboard:q%d" % i, "expr": e.replace("$__rate_interval", "1m").replace('"$node"', '".*"')}
             for i, (_, e) in enumerate(exprs)]
    with open(out, "w") as f:
        yaml.safe_dump({"groups": [{"name": "dashboard-queries", "rules": rules}]}, f, sort_keys=False)
    print("dashboard-rules: %d queries written to %s" % (len(rules), out))


# ---- metric names: every one used is documented -------------------------------------------------
PROMQL_WORDS = {"sum", "by", "rate", "count", "max", "min", "histogram_quantile", "increase", "delta", "and", "or",
                "vector", "without", "le", "clamp_min", "avg", "on", "ignoring", "bool", "unless", "deriv", "offset"}


def metrics_doc():
    doc = open("docs/deployment.md").read()
    documented = set(re.findall(r"`([a-z_]+)(?:\{[^`]*\})?`", doc))
    used = {}
    texts = [("alerts.yml", r["expr"]) for g in load_all("ops/prometheus/alerts.yml")[0]["groups"] for r in g["rules"]]
    texts += [("dashboard", e) for _, e in dashboard_exprs()[1]]
    for where, e in texts:
        e = re.sub(r'"[^"]*"', '""', e)            # label values
        e = re.sub(r"\{[^}]*\}", "{}", e)            # matchers
        e = re.sub(r"\[[^\]]*\]", "[]", e)           # ranges
        e = re.sub(r"by \([^)]*\)", "by ()", e)      # grouping labels
        for name in re.findall(r"\b([a-z_][a-z0-9_]*)\b", e):
            if name not in PROMQL_WORDS and not re.fullmatch(r"\d.*", name):
                used.setdefault(name, where)
    base = lambda n: re.sub(r"_(bucket|count|sum|max)$", "", n)
    for name, where in sorted(used.items()):
        if name not in documented and base(name) not in documented:
            fail("metric %s (used in %s) is not in docs/deployment.md's catalogue" % (name, where))
    print("metrics-doc: %d metric names used by alerts and dashboard, all checked against docs/deployment.md" % len(used))


def main():
    cmd, args = sys.argv[1], sys.argv[2:]
    {"k8s-structure": k8s_structure, "k8s-rendered": k8s_rendered, "compose": compose, "dashboard": dashboard,
     "dashboard-rules": dashboard_rules, "metrics-doc": metrics_doc}[cmd](*args)
    for p in problems:
        print("  FAIL " + p)
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
