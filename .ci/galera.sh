#!/usr/bin/env bash
# Installs what engine-reliability's Galera test needs: Debian's galera-4 (the wsrep provider for
# the mariadb-server already on the machine) and rsync (its state transfer). The test starts and
# stops its own three-node cluster on 127.0.0.1:3311-3313 / 4561-4583; nothing runs after it.
set -euo pipefail
if [ -f /usr/lib/galera/libgalera_smm.so ] && command -v rsync >/dev/null 2>&1 \
    && command -v mariadbd >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq galera-4 rsync mariadb-server >/dev/null
echo "galera: $(dpkg-query -W -f='${Version}' galera-4), rsync $(rsync --version | head -1 | awk '{print $3}')"
