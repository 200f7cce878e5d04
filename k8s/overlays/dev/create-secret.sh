#!/usr/bin/env bash
# Creates (or completes) the Secret `im-secrets` for the dev overlay with random values, so no secret
# value is ever committed. Run once per cluster before `kubectl apply -k k8s/overlays/dev`.
#   k8s/overlays/dev/create-secret.sh [namespace]      (default im-dev)
# The keys are those of k8s/secret.example.env. An existing Secret keeps every value it has
# (PostgreSQL keeps the password it was initialised with); only keys it lacks (a Secret made before
# IM_AUTH_HMAC_SECRET and IM_INTERNAL_TOKEN existed) are added, with random values. A leftover
# IM_GATEWAY_AUTH_SECRET key is no longer read by anything and may be deleted.
set -euo pipefail
ns="${1:-im-dev}"
# rand N: 2N hex characters. Tokens and the HS256 key get 32 random bytes (64 characters; the
# services require at least 32), the database password 16.
rand() { head -c "$1" /dev/urandom | od -An -tx1 | tr -d ' \n'; }
declare -A bytes=([IM_AUTH_HMAC_SECRET]=32 [IM_INTERNAL_TOKEN]=32 [IM_ADMIN_TOKEN]=32 [SPRING_DATASOURCE_PASSWORD]=16)
keys=(IM_AUTH_HMAC_SECRET IM_INTERNAL_TOKEN IM_ADMIN_TOKEN SPRING_DATASOURCE_PASSWORD)

if kubectl -n "$ns" get secret im-secrets >/dev/null 2>&1; then
  added=()
  for key in "${keys[@]}"; do
    if [[ -z "$(kubectl -n "$ns" get secret im-secrets -o "jsonpath={.data.$key}")" ]]; then
      kubectl -n "$ns" patch secret im-secrets --type merge \
        -p "{\"stringData\":{\"$key\":\"$(rand "${bytes[$key]}")\"}}" >/dev/null
      added+=("$key")
    fi
  done
  if [[ ${#added[@]} -eq 0 ]]; then
    echo "secret im-secrets in namespace $ns has every key; leaving it"
  else
    echo "secret im-secrets in namespace $ns: added ${added[*]}; restart the pods to read them"
  fi
  exit 0
fi
kubectl get namespace "$ns" >/dev/null 2>&1 || kubectl create namespace "$ns"
args=()
for key in "${keys[@]}"; do
  args+=("--from-literal=$key=$(rand "${bytes[$key]}")")
done
kubectl -n "$ns" create secret generic im-secrets "${args[@]}"
echo "created secret im-secrets in namespace $ns"
