#!/usr/bin/env bash
# Creates (or keeps) the Secret `im-secrets` for the dev overlay with random values, so no secret
# value is ever committed. Run once per cluster before `kubectl apply -k k8s/overlays/dev`.
#   k8s/overlays/dev/create-secret.sh [namespace]      (default im-dev)
# An existing Secret is left alone: PostgreSQL keeps the password it was initialised with.
set -euo pipefail
ns="${1:-im-dev}"
if kubectl -n "$ns" get secret im-secrets >/dev/null 2>&1; then
  echo "secret im-secrets already exists in namespace $ns; leaving it"
  exit 0
fi
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
rand() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
kubectl -n "$ns" create secret generic im-secrets \
  --from-literal=IM_GATEWAY_AUTH_SECRET="$(rand 32)" \
  --from-literal=IM_ADMIN_TOKEN="$(rand 32)" \
  --from-literal=SPRING_DATASOURCE_PASSWORD="$(rand 16)"
echo "created secret im-secrets in namespace $ns"
