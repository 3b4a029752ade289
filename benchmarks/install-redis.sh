#!/usr/bin/env bash
# Installs redis-server from Debian's packages for the load test's comparison; the harness starts it itself on a
# free loopback port without persistence, and stops it afterwards.
set -euo pipefail
if ! command -v redis-server >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
    # The package starts a system service; the harness runs its own.
    (systemctl disable --now redis-server 2>/dev/null || service redis-server stop 2>/dev/null || true) >/dev/null
fi
redis-server --version
