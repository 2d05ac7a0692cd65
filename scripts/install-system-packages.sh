#!/usr/bin/env bash
# Debian packages the tests use as real fixtures (MQTT broker, TLS servers, telnet, CoAP, SSDP, SSH, nmap for the
# comparison benchmark, PostgreSQL for the workspace server), Chromium for the browser tests, openpyxl and poppler's
# pdfinfo/pdftotext to read the XLSX and PDF reports back independently, and the compiler better-sqlite3's install
# script builds the workspace's SQLite module with. Needs root and apt; services are kept from starting.
set -euo pipefail
PACKAGES=(mosquitto mosquitto-clients busybox-static libcoap3-bin gnutls-bin minissdpd openssl nmap iproute2
  util-linux dropbear-bin chromium fonts-dejavu-core dpkg postgresql g++ make python3 python3-openpyxl poppler-utils)
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
  echo "install-system-packages: needs root and apt-get; install these yourself: ${PACKAGES[*]}" >&2
  exit 1
fi
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -eq 0 ]; then echo "install-system-packages: all present"; exit 0; fi
# Package scripts must not start mosquitto, minissdpd, dropbear or PostgreSQL as system services (tests start
# their own, as an unprivileged user, in temporary folders).
printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
chmod +x /usr/sbin/policy-rc.d
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
