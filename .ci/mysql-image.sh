#!/usr/bin/env bash
# Builds, once per machine, a local MySQL-compatible image for Testcontainers' MySQLContainer:
# Debian bookworm's mariadb-server, unpacked with debootstrap and imported into Docker (no image
# registry is reachable here). Its entry script honours MYSQL_DATABASE / MYSQL_USER /
# MYSQL_PASSWORD / MYSQL_ROOT_PASSWORD the way the official image does.
# Usage: .ci/mysql-image.sh [IMAGE]   (default plugipay/mariadb-local:bookworm)
set -euo pipefail
image="${1:-plugipay/mariadb-local:bookworm}"
if docker image inspect "$image" >/dev/null 2>&1; then
  echo "image $image present"
  exit 0
fi
command -v debootstrap >/dev/null 2>&1 || {
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq debootstrap >/dev/null
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/root"
mirror=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
debootstrap --variant=minbase --include=mariadb-server bookworm "$root" "${mirror:-http://deb.debian.org/debian}" >"$work/debootstrap.log" 2>&1 \
  || { tail -30 "$work/debootstrap.log" >&2; exit 1; }
cat >"$root/usr/local/bin/entrypoint.sh" <<'ENTRY'
#!/bin/sh
set -e
db="${MYSQL_DATABASE:-test}"
user="${MYSQL_USER:-}"
pass="${MYSQL_PASSWORD:-}"
rootpw="${MYSQL_ROOT_PASSWORD:-}"
mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
if [ ! -d /var/lib/mysql/mysql ]; then
  mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null
fi
init=/run/mysqld/init.sql
{
  echo "CREATE DATABASE IF NOT EXISTS \`$db\`;"
  echo "CREATE USER IF NOT EXISTS 'root'@'%' IDENTIFIED BY '$rootpw';"
  echo "GRANT ALL ON *.* TO 'root'@'%' WITH GRANT OPTION;"
  echo "ALTER USER 'root'@'localhost' IDENTIFIED BY '$rootpw';"
  if [ -n "$user" ] && [ "$user" != "root" ]; then
    echo "CREATE USER IF NOT EXISTS '$user'@'%' IDENTIFIED BY '$pass';"
    echo "GRANT ALL ON *.* TO '$user'@'%';"
  fi
  echo "FLUSH PRIVILEGES;"
} >"$init"
chown mysql:mysql "$init"
exec mariadbd --user=mysql --datadir=/var/lib/mysql --bind-address=0.0.0.0 --port=3306 \
  --skip-name-resolve --init-file="$init" "$@"
ENTRY
chmod +x "$root/usr/local/bin/entrypoint.sh"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import \
  -c 'ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]' -c 'EXPOSE 3306' - "$image" >/dev/null
echo "image $image built"
