#!/bin/bash
# Container health check: healthy when the service's readiness group answers 200 (UP).
# Spring Boot answers 503 while starting, when a dependency of the readiness group (Redis,
# PostgreSQL) is down, and once shutdown began. Actuator is served on the management port only (the
# client port answers 404 there); health needs no token. Uses bash's /dev/tcp only: the JRE image
# has no curl, and the check must not depend on one.
#   MANAGEMENT_SERVER_PORT  the service's management port (default 9080, as the image sets it)
#   HEALTH_PATH             default /actuator/health/readiness
set -u
port="${MANAGEMENT_SERVER_PORT:-9080}"
path="${HEALTH_PATH:-/actuator/health/readiness}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' "$path" >&3
status=""
IFS= read -r -t 5 status <&3 || exit 1
case "$status" in
  "HTTP/1.1 200"*) exit 0 ;;
  *) echo "not ready: ${status%$'\r'}"; exit 1 ;;
esac
