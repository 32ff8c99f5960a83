#!/usr/bin/env bash
# Installs the Debian packages the project needs when they are missing (as root),
# or says exactly what to install (otherwise). Idempotent: does nothing when all are present.
set -euo pipefail

missing=()
have() { command -v "$1" >/dev/null 2>&1; }

have python3.11 || missing+=(python3.11)
python3.11 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3.11-venv)
have gcc || missing+=(gcc)  # the compiled scoring modules (scripts/compile_scoring.py)
python3.11 -c 'import os, sysconfig; assert os.path.exists(sysconfig.get_paths()["include"] + "/Python.h")' \
  >/dev/null 2>&1 || missing+=(python3.11-dev)
have bwrap || missing+=(bubblewrap)
{ have setpriv && have chrt; } || missing+=(util-linux)
have ip || missing+=(iproute2)
have pkill || missing+=(procps)
have java || missing+=(openjdk-17-jre-headless)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
id postgres >/dev/null 2>&1 || missing+=(postgresql)
have redis-server || missing+=(redis-server)
ldconfig -p 2>/dev/null | grep -q libseccomp.so.2 || missing+=(libseccomp2)
have chromium || missing+=(chromium)  # the web pages' browser tests (Playwright drives it)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
# de-duplicate
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them as root:  apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}"
