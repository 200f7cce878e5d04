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
    # The dev script generates exactly the template's keys.
    script = open("k8s/overlays/dev/create-secret.sh").read()
    m = re.search(r"^keys=\(([^)]*)\)", script, re.M)
    generated = set(m.group(1).split()) if m else set()
    if generated != set(keys):
        fail("k8s/overlays/dev/create-secret.sh generates %s, k8s/secret.example.env lists %s" % (sorted(generated), sorted(keys)))
    print("k8s structure: %d kustomizations, secret template keys %s" % (len(kfiles), sorted(keys)))


# ---- rules on rendered output -----------------------------------------------------------------
NAMESPACED_EXEMPT = {"Namespace"}


def labels_match(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


# Which secrets and settings each service may get (by app.kubernetes.io/name). Every service: the
# operators' and the services' token. Services with a client API check user tokens: the HS256 key
# and/or an identity provider's JWKS. Routing has no client API and must hold no key that could sign
# a user token.
CLIENT_FACING_APPS = {"gateway", "presence", "group"}
DATABASE_APPS = {"routing", "presence", "group"}
EVERY_SERVICE_SECRETS = {"IM_ADMIN_TOKEN", "IM_INTERNAL_TOKEN"}
# The pages (web-service) serve no internal API and call only admin APIs: the operators' token only.
ADMIN_ONLY_APPS = {"web"}
REMOVED_SETTINGS = {"IM_GATEWAY_AUTH_SECRET": "replaced by IM_AUTH_HMAC_SECRET / IM_AUTH_JWKS_URI"}
# The client API paths an Ingress must route (prefixes; /dev/token is the local profile's only).
CLIENT_PATHS = {"/ws": "gateway", "/groups": "group", "/me/groups": "group", "/presence": "presence", "/me/blocks": "presence"}
PROBE_PATHS = {"startupProbe": "/actuator/health/liveness", "livenessProbe": "/actuator/health/liveness",
               "readinessProbe": "/actuator/health/readiness"}


def container_port_name(containers, port):
    """The name of the container port that a Service/Ingress/probe port (name or number) lands on."""
    for c in containers:
        for cp in c.get("ports", []):
            if port == cp.get("name") or str(port) == str(cp.get("containerPort")):
                return cp.get("name")
    return None


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

    def service_port_names(svc, sp):
        """The container port names a Service port lands on, over the pods the Service selects."""
        sel = svc["spec"].get("selector") or {}
        pod = sel.get("statefulset.kubernetes.io/pod-name")
        tp = sp.get("targetPort", sp.get("port"))
        out = set()
        for w, labels in pod_labels:
            if labels_match(sel, labels) or (pod and re.fullmatch(re.escape(w["metadata"]["name"]) + r"-\d+", pod)):
                n = container_port_name(w["spec"]["template"]["spec"]["containers"], tp)
                out.add(n if n else "?%s" % tp)
        return out

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
                for probe, p in PROBE_PATHS.items():
                    got = (c.get(probe) or {}).get("httpGet", {}).get("path")
                    if got != p:
                        fail("%s: %s path %r, expected %s" % (cid, probe, got, p))
                    # Actuator is served on the management port only: a probe on `http` gets 404.
                    pport = (c.get(probe) or {}).get("httpGet", {}).get("port")
                    if container_port_name([c], pport) != "management":
                        fail("%s: %s port %r is not the container port `management`" % (cid, probe, pport))
                check_ports_and_env(cid, labels.get("app.kubernetes.io/name"), c, configmaps)
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
            elif container_port_name(spec["containers"], ann["prometheus.io/port"]) != "management":
                fail("%s: prometheus.io/port %s is not the management port (metrics are served there only)" % (wid, ann["prometheus.io/port"]))
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
    ingress_backends = set()
    for ing in by_kind.get("Ingress", []):
        for rule in ing["spec"].get("rules", []):
            for p in rule.get("http", {}).get("paths", []):
                svc = p["backend"]["service"]
                target = services.get(svc["name"])
                ingress_backends.add(svc["name"])
                if not target:
                    fail("%s: Ingress %s routes to missing Service %s" % (name, ing["metadata"]["name"], svc["name"]))
                    continue
                sport = [sp for sp in target["spec"]["ports"]
                         if ("name" in svc["port"] and sp.get("name") == svc["port"]["name"]) or sp.get("port") == svc["port"].get("number")]
                if not sport:
                    fail("%s: Ingress %s uses port %s not on Service %s" % (name, ing["metadata"]["name"], svc["port"], svc["name"]))
                elif service_port_names(target, sport[0]) - {"http"}:
                    fail("%s: Ingress %s routes %s%s to Service %s port %s, which is not the client port `http`"
                         % (name, ing["metadata"]["name"], rule.get("host", ""), p.get("path"), svc["name"], svc["port"]))
    # The public client paths reach their services; nothing of the management side is routed.
    if by_kind.get("Ingress"):
        routed = {}
        for ing in by_kind["Ingress"]:
            for rule in ing["spec"].get("rules", []):
                for p in rule.get("http", {}).get("paths", []):
                    target = services.get(p["backend"]["service"]["name"])
                    sel = (target or {}).get("spec", {}).get("selector") or {}
                    app = sel.get("app.kubernetes.io/name") or ("gateway" if sel.get("statefulset.kubernetes.io/pod-name", "").startswith("gw-") else None)
                    routed.setdefault(p.get("path"), set()).add(app)
                    if re.match(r"/(actuator|admin|internal)(/|$)", p.get("path") or "/"):
                        fail("%s: Ingress %s routes the management path %s" % (name, ing["metadata"]["name"], p.get("path")))
        for path, app in CLIENT_PATHS.items():
            if routed.get(path) != {app}:
                fail("%s: the Ingresses route %s to %s, expected the %s Service" % (name, path, sorted(map(str, routed.get(path, []))) or "nothing", app))
    # Client-facing Services carry the client port only; the management port is on *-internal
    # Services (ClusterIP, for callers in the cluster) and on the gateways' headless Service.
    for sname, s in services.items():
        names = set()
        for sp in s["spec"].get("ports", []):
            names |= service_port_names(s, sp)
        if not names <= {"http", "management"}:
            continue  # infrastructure (Kafka, Redis, ...)
        headless = s["spec"].get("clusterIP") == "None"
        client_facing = "http" in names or sname in ingress_backends or "statefulset.kubernetes.io/pod-name" in (s["spec"].get("selector") or {})
        if "management" in names and sname in ingress_backends:
            fail("%s: Service %s is behind an Ingress and exposes the management port" % (name, sname))
        elif "management" in names and client_facing and not headless:
            fail("%s: client-facing Service %s exposes the management port (put it on a separate *-internal Service)" % (name, sname))
        if s["spec"].get("type") in ("LoadBalancer", "NodePort") and "management" in names:
            fail("%s: Service %s publishes the management port outside the cluster (type %s)" % (name, sname, s["spec"]["type"]))
        if sname.endswith("-internal") and names != {"management"}:
            fail("%s: Service %s should expose the management port only, exposes %s" % (name, sname, sorted(names)))
    # The gateways call routing's and group-service's internal APIs on their management ports.
    for gw in gws:
        cfg = {}
        for ef in gw["spec"]["template"]["spec"]["containers"][0].get("envFrom", []):
            cfg.update(configmaps.get(ef.get("configMapRef", {}).get("name"), {}))
        for key, app in (("IM_GATEWAY_ROUTING_URL", "routing"), ("IM_GATEWAY_GROUPS_URL", "group")):
            m = re.fullmatch(r"http://([a-z0-9-]+)(?:\.[a-z0-9.-]+)?:(\d+)/?", cfg.get(key, ""))
            svc = services.get(m.group(1)) if m else None
            if not svc:
                fail("%s: gateway %s=%r is not http://<Service in this overlay>:<port>" % (name, key, cfg.get(key)))
                continue
            sport = [sp for sp in svc["spec"]["ports"] if str(sp.get("port")) == m.group(2)]
            if (svc["spec"].get("selector") or {}).get("app.kubernetes.io/name") != app:
                fail("%s: gateway %s points at Service %s, which does not select the %s pods" % (name, key, m.group(1), app))
            elif not sport or service_port_names(svc, sport[0]) != {"management"}:
                fail("%s: gateway %s port %s on Service %s is not %s's management port (/internal/** is served there only)"
                     % (name, key, m.group(2), m.group(1), app))
    check_network_policy(name, by_kind, pod_labels)
    print("%s: %d objects (%s)" % (name, len(objs), ", ".join("%d %s" % (len(v), k) for k, v in sorted(by_kind.items()))))


def check_ports_and_env(cid, app, c, configmaps):
    """One of our containers: ports `http` and `management` at SERVER_PORT / MANAGEMENT_SERVER_PORT, and
    the secrets and settings its service needs and no more."""
    env = {e["name"]: e for e in c.get("env", [])}
    from_maps = {}
    for ef in c.get("envFrom", []):
        from_maps.update(configmaps.get((ef.get("configMapRef") or {}).get("name"), {}) or {})
    def setting(key):
        e = env.get(key)
        return e.get("value") if e is not None else from_maps.get(key)
    ports = {p.get("name"): p.get("containerPort") for p in c.get("ports", [])}
    for pname, key in (("http", "SERVER_PORT"), ("management", "MANAGEMENT_SERVER_PORT")):
        if pname not in ports:
            fail("%s: no container port named %s" % (cid, pname))
        elif setting(key) is None:
            fail("%s: %s is not set (env or ConfigMap); container port %s cannot be checked against it" % (cid, key, pname))
        elif str(setting(key)) != str(ports[pname]):
            fail("%s: container port %s is %s but %s=%s" % (cid, pname, ports[pname], key, setting(key)))
    if "http" in ports and ports.get("http") == ports.get("management"):
        fail("%s: client and management ports are the same (%s): the management side would be public" % (cid, ports["http"]))
    def from_secret(key):
        ref = ((env.get(key) or {}).get("valueFrom") or {}).get("secretKeyRef")
        return bool(ref) and ref.get("key") == key
    for key in sorted(set(env) | set(from_maps)):
        if key in REMOVED_SETTINGS:
            fail("%s: %s is no longer read (%s)" % (cid, key, REMOVED_SETTINGS[key]))
        if (key.endswith("_TOKEN") or key.endswith("_SECRET") or key.endswith("_PASSWORD")) and not from_secret(key):
            fail("%s: %s must come from the Secret (secretKeyRef), not a literal or ConfigMap" % (cid, key))
    needs = {"IM_ADMIN_TOKEN"} if app in ADMIN_ONLY_APPS else set(EVERY_SERVICE_SECRETS)
    if app in ADMIN_ONLY_APPS and from_secret("IM_INTERNAL_TOKEN"):
        fail("%s: %s calls no internal API and must not get IM_INTERNAL_TOKEN" % (cid, app))
    if app in DATABASE_APPS:
        needs.add("SPRING_DATASOURCE_PASSWORD")
    for key in sorted(needs):
        if not from_secret(key):
            fail("%s: %s does not get %s from the Secret" % (cid, app, key))
    has_hmac = "IM_AUTH_HMAC_SECRET" in env or "IM_AUTH_HMAC_SECRET" in from_maps
    if app in CLIENT_FACING_APPS:
        if not has_hmac and not setting("IM_AUTH_JWKS_URI"):
            fail("%s: %s checks user tokens but gets neither IM_AUTH_HMAC_SECRET nor IM_AUTH_JWKS_URI" % (cid, app))
    elif has_hmac:
        fail("%s: %s has no client API and must not get IM_AUTH_HMAC_SECRET (a key that signs user tokens)" % (cid, app))
    elif app == "routing" and any(k.startswith("IM_AUTH_") for k in set(env) | set(from_maps)):
        fail("%s: routing gets IM_AUTH_* settings; it checks no user tokens" % cid)


def check_network_policy(name, by_kind, pod_labels):
    """Every im pod is selected by a NetworkPolicy that admits its management port only from named peers."""
    policies = by_kind.get("NetworkPolicy", [])
    for w, labels in pod_labels:
        if labels.get("app.kubernetes.io/part-of") != "im" or labels.get("app.kubernetes.io/component") == "infrastructure":
            continue
        wid = "%s %s/%s" % (name, w["kind"], w["metadata"]["name"])
        containers = w["spec"]["template"]["spec"]["containers"]
        mine = [p for p in policies if "Ingress" in p["spec"].get("policyTypes", ["Ingress"])
                and all(labels.get(k) == v for k, v in (p["spec"]["podSelector"].get("matchLabels") or {}).items())]
        if not mine:
            fail("%s: no NetworkPolicy restricts ingress to it (its management port would be open to the cluster)" % wid)
            continue
        http_open, mgmt_peers = False, []
        for p in mine:
            for rule in p["spec"].get("ingress", []):
                ports = rule.get("ports")
                names = {container_port_name(containers, pp.get("port")) for pp in ports} if ports else {"http", "management"}
                if not rule.get("from"):
                    if "management" in names:
                        fail("%s: NetworkPolicy %s admits the management port from anywhere" % (wid, p["metadata"]["name"]))
                    http_open |= "http" in names
                elif "management" in names:
                    mgmt_peers += rule["from"]
        if not http_open:
            fail("%s: no NetworkPolicy rule admits the client port `http` from anywhere" % wid)
        own = any(all(labels.get(k) == v for k, v in ((peer.get("podSelector") or {}).get("matchLabels") or {}).items())
                  and "namespaceSelector" not in peer and peer.get("podSelector") is not None for peer in mgmt_peers)
        scraper = any("namespaceSelector" in peer and (peer["namespaceSelector"].get("matchLabels") or peer["namespaceSelector"].get("matchExpressions"))
                      for peer in mgmt_peers)
        if not own:
            fail("%s: the management port is not admitted from this application's pods (the gateways call it)" % wid)
        if not scraper:
            fail("%s: the management port is not admitted from a labelled Prometheus namespace" % wid)
        for peer in mgmt_peers:
            if "ipBlock" in peer or peer.get("namespaceSelector") == {} or peer.get("podSelector") == {} and "namespaceSelector" not in peer:
                fail("%s: a NetworkPolicy peer of the management port is too wide: %s" % (wid, peer))


# ---- compose ----------------------------------------------------------------------------------
def compose():
    path = "docker/compose.yaml"
    c = load_all(path)[0]
    services = c.get("services", {})
    base = os.path.dirname(path)
    required_env = set(re.findall(r"\$\{(\w+):\?", open(path).read()))
    example_values = env_keys("docker/.env.example")
    example = set(example_values)
    for v in sorted(required_env - example):
        fail("compose: required variable %s is not in docker/.env.example" % v)
    for k_, v in example_values.items():
        if v:
            fail("docker/.env.example: %s has a value; commit keys only" % k_)
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
    # Our services: two ports (client SERVER_PORT, management MANAGEMENT_SERVER_PORT, the image's
    # defaults unless the service sets them); the management port published on 127.0.0.1 only; each
    # service gets the tokens it needs and routing no user-token key.
    dockerfile = open("docker/Dockerfile").read()
    image_env = dict(re.findall(r"\b(SERVER_PORT|MANAGEMENT_SERVER_PORT)=(\d+)", dockerfile))
    mgmt_port = {}
    for n, s in services.items():
        module = (s.get("build") or {}).get("args", {}).get("MODULE")
        if not module:
            continue
        env = s.get("environment") or {}
        client = str(env.get("SERVER_PORT", image_env.get("SERVER_PORT")))
        mgmt = str(env.get("MANAGEMENT_SERVER_PORT", image_env.get("MANAGEMENT_SERVER_PORT")))
        mgmt_port[n] = mgmt
        if client == mgmt or "None" in (client, mgmt):
            fail("compose: %s client port %s and management port %s must both be set and differ" % (n, client, mgmt))
        for ps in s.get("ports", []):
            parts = str(ps).split(":")
            target = parts[-1].split("/")[0]
            if target == mgmt and (len(parts) != 3 or parts[0] != "127.0.0.1"):
                fail("compose: %s publishes its management port %s beyond 127.0.0.1 (%s)" % (n, mgmt, ps))
            if target not in (client, mgmt):
                fail("compose: %s publishes container port %s, neither its client (%s) nor management (%s) port" % (n, target, client, mgmt))
        app = module.replace("-service", "")
        for key in ("IM_ADMIN_TOKEN", "IM_INTERNAL_TOKEN"):
            if key not in env:
                fail("compose: %s does not get %s" % (n, key))
        if "IM_GATEWAY_AUTH_SECRET" in env:
            fail("compose: %s sets IM_GATEWAY_AUTH_SECRET, which nothing reads any more (IM_AUTH_HMAC_SECRET)" % n)
        if app in CLIENT_FACING_APPS and "IM_AUTH_HMAC_SECRET" not in env and "IM_AUTH_JWKS_URI" not in env:
            fail("compose: %s checks user tokens but gets neither IM_AUTH_HMAC_SECRET nor IM_AUTH_JWKS_URI" % n)
        if app not in CLIENT_FACING_APPS and any(k.startswith("IM_AUTH_") for k in env):
            fail("compose: %s has no client API and must not get IM_AUTH_* (the user-token key)" % n)
        if app == "gateway":
            if not (s.get("ports") and str(s["ports"][0]).split(":")[-1] == client):
                fail("compose: gateway %s: its first published port must be the client port %s" % (n, client))
            for key, target in (("IM_GATEWAY_ROUTING_URL", "routing"), ("IM_GATEWAY_GROUPS_URL", "group")):
                m = re.fullmatch(r"http://([\w-]+):(\d+)/?", env.get(key, ""))
                if not m or m.group(1) != target or m.group(2) != mgmt_port.get(target, image_env.get("MANAGEMENT_SERVER_PORT")):
                    fail("compose: gateway %s %s=%r is not %s's management port" % (n, key, env.get(key), target))
    prom = load_all("ops/prometheus/prometheus-compose.yml")[0]
    for sc in prom["scrape_configs"]:
        for t in sc["static_configs"][0]["targets"]:
            h, p = t.split(":")
            if h not in services or p != mgmt_port.get(h):
                fail("compose: prometheus-compose.yml target %s is not a service's management port" % t)
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
