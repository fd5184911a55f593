# Sourced by .ci/run: starts a throwaway PostgreSQL server (Debian's package) on 127.0.0.1 and exports DATABASE_URL.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pg_bin" ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1) || return 1
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$pg_bin" ] || return 1
fi
pg_dir=$(mktemp -d /tmp/ci-pg.XXXXXX)
pg_port=${CI_PG_PORT:-55432}
run_pg() { if [ "$(id -u)" = "0" ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
[ "$(id -u)" = "0" ] && chown postgres "$pg_dir"
run_pg "$pg_bin/initdb -D $pg_dir/data -U ci --auth=trust >/dev/null" || return 1
run_pg "$pg_bin/pg_ctl -D $pg_dir/data -o '-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1' -l $pg_dir/log -w start >/dev/null" || return 1
run_pg "$pg_bin/createdb -h 127.0.0.1 -p $pg_port -U ci storefront" || return 1
export DATABASE_URL="postgres://ci@127.0.0.1:$pg_port/storefront"
ci_pg_stop() { run_pg "$pg_bin/pg_ctl -D $pg_dir/data -m immediate stop >/dev/null"; rm -rf "$pg_dir"; }
