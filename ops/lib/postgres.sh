# PostgreSQL helpers shared by ops/postgres/*, ops/up and ops/test. Source after common.sh.
#
# A private cluster directory DIR holds:
#   DIR/data          the cluster (PGDATA); DIR/data/tracker.conf holds the settings written by
#                     ops/postgres/start (port, listen address, sizes, fsync)
#   DIR/run           the Unix socket directory (psql -h DIR/run)
#   DIR/postgres.log  the server log
# Everything belongs to the `postgres` OS user when run as root: the server refuses to run as
# root, and it must be able to write its log and socket.

PG_USER=postgres

# pg_bindir: directory of the newest installed PostgreSQL server binaries, or nothing.
# Debian keeps initdb and pg_ctl off PATH, under /usr/lib/postgresql/<major>/bin.
pg_bindir() {
  local d
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [[ -n $d && -x $d/initdb ]]; then
    echo "$d"
  elif command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
  fi
}

# ensure_postgres_installed: install the OS package when no initdb can be found; sets PG_BIN.
ensure_postgres_installed() {
  PG_BIN=$(pg_bindir)
  if [[ -z $PG_BIN ]]; then
    apt_install postgresql
    PG_BIN=$(pg_bindir)
    [[ -n $PG_BIN ]] || die "postgresql installed but initdb not found under /usr/lib/postgresql"
  fi
}

# pg_running DIR: a server is running on the cluster in DIR.
pg_running() {
  local bin
  [[ -f $1/data/PG_VERSION ]] || return 1
  bin=$(pg_bindir)
  [[ -n $bin ]] || return 1
  run_as "$PG_USER" "$bin/pg_ctl" status -D "$1/data" >/dev/null 2>&1
}

# pg_port DIR: the port the cluster in DIR is configured for (from tracker.conf).
pg_port() {
  sed -n "s/^port = \([0-9]*\)$/\1/p" "$1/data/tracker.conf" 2>/dev/null
}
