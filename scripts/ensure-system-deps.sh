#!/usr/bin/env bash
# Checks for the system packages the tests need (Go for the target and `go tool pprof`, Chromium
# for browser tests, openssl for certificates, kubectl for `kubectl kustomize deploy/` and the plugin test: Debian's
# kubernetes-client, unless a kubectl is already installed). As root, installs what is missing with apt-get;
# otherwise prints the exact command and stops.
set -euo pipefail
missing=()
command -v go >/dev/null 2>&1 || missing+=(golang-go)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
[ ${#missing[@]} -eq 0 ] && exit 0
cmd="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need: ${missing[*]}. Install them as root with:" >&2
  echo "  $cmd" >&2
  exit 1
fi
echo "installing ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2
apt-get install -y -q "${missing[@]}" >&2
