# Shared helpers for the ops scripts. Source it; do not run it.
#
#   source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"
#
# Conventions: messages go to stderr (stdout stays clean for values such as a port number);
# every function returns non-zero instead of exiting, except die().

# Root of the repository (ops/lib/..), whatever the caller's working directory.
OPS_REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

# Name used in messages: the calling script's path in the repository (e.g. "ops/postgres/start").
OPS_SCRIPT_NAME=$(realpath --relative-to="$OPS_REPO_ROOT" -- "$0")

log() { printf '%s: %s\n' "$OPS_SCRIPT_NAME" "$*" >&2; }
warn() { printf '%s: warning: %s\n' "$OPS_SCRIPT_NAME" "$*" >&2; }
die() {
  printf '%s: error: %s\n' "$OPS_SCRIPT_NAME" "$*" >&2
  exit 1
}

# is_port N: N is a TCP port number.
is_port() { [[ $1 =~ ^[0-9]+$ ]] && (($1 > 0 && $1 < 65536)); }

# abspath PATH: absolute path without requiring it to exist (scripts record paths in files,
# so a relative DIR must not change meaning when called from elsewhere).
abspath() { realpath -m -- "$1"; }

# run_as USER CMD...: PostgreSQL refuses to run as root and RabbitMQ's files must belong to its
# own user, so as root we switch user. runuser resets HOME/USER, so callers pass the environment
# they need explicitly through `env`. As a normal user we run the command as ourselves.
run_as() {
  local user=$1
  shift
  if ((EUID == 0)); then
    runuser -u "$user" -- "$@"
  else
    "$@"
  fi
}

# own_dir USER DIR...: create the directories and hand them to USER (no-op when not root).
own_dir() {
  local user=$1
  shift
  mkdir -p -- "$@"
  if ((EUID == 0)); then chown "$user": -- "$@"; fi
}

# check_reachable USER DIR: USER must be able to walk down to DIR. A repository under /root
# (mode 700) cannot hold a cluster owned by `postgres`; say so instead of failing obscurely.
check_reachable() {
  local user=$1 dir=$2 parent
  ((EUID == 0)) || return 0
  parent=$(dirname "$dir")
  if ! runuser -u "$user" -- test -x "$parent"; then
    die "user '$user' cannot reach $parent (a parent directory is not world-executable);" \
      "use a directory outside it, or chmod o+x the parents"
  fi
}

# retry N DELAY CMD...: run CMD up to N times, DELAY seconds apart.
retry() {
  local tries=$1 delay=$2 i
  shift 2
  for ((i = 1; i <= tries; i++)); do
    "$@" && return 0
    ((i < tries)) && sleep "$delay"
  done
  return 1
}

# wait_for SECONDS WHAT CMD...: poll CMD (quietly) every 0.2 s until it succeeds.
# Returns 1 with a message naming WHAT when the time is up.
wait_for() {
  local timeout=$1 what=$2 deadline
  shift 2
  deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      printf '%s: error: timed out after %ss waiting for %s\n' "$OPS_SCRIPT_NAME" "$timeout" "$what" >&2
      return 1
    fi
    sleep 0.2
  done
}

# --- packages -----------------------------------------------------------------------------

# Another apt/dpkg may hold the lock (a background install, unattended upgrades): wait for it
# rather than fail. DPkg::Lock::Timeout covers the dpkg lock; the retry covers the lists lock
# taken by `apt-get update`, which that option does not wait for on every apt version.
APT_OPTS=(-o DPkg::Lock::Timeout=120 -o Dpkg::Use-Pty=0 -q)
_apt_updated=0

# apt_install PKG...: install the packages in one transaction, refreshing the package lists
# first (a fresh machine has none). apt's output is kept out of the way unless it fails.
apt_install() {
  local out
  ((EUID == 0)) || die "packages missing: $* (run as root, or install them: apt-get install $*)"
  out=$(mktemp)
  log "installing $* (apt-get, can take a few minutes)"
  if ((_apt_updated == 0)); then
    if ! retry 3 10 apt-get "${APT_OPTS[@]}" update >"$out" 2>&1; then
      cat "$out" >&2
      rm -f "$out"
      die "apt-get update failed"
    fi
    _apt_updated=1
  fi
  if ! retry 3 10 env DEBIAN_FRONTEND=noninteractive \
    apt-get "${APT_OPTS[@]}" install -y "$@" >"$out" 2>&1; then
    tail -n 40 "$out" >&2
    rm -f "$out"
    die "apt-get install $* failed"
  fi
  rm -f "$out"
}

# ensure_apt_package PKG FILE: install PKG unless FILE (the thing we actually use) exists.
ensure_apt_package() {
  [[ -e $2 ]] || apt_install "$1"
}

# --- ports --------------------------------------------------------------------------------

# ports_free PORT [COUNT]: PORT..PORT+COUNT-1 can all be bound on 127.0.0.1 right now.
ports_free() {
  local port=$1 count=${2:-1}
  ((port + count - 1 < 65536)) || return 1
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$port" "$count" <<'EOF'
import socket, sys
port, count = int(sys.argv[1]), int(sys.argv[2])
for p in range(port, port + count):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # As the servers do: connections of a previous user lingering in TIME_WAIT do not
    # block the port, a listener does.
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        sys.exit(1)
    finally:
        s.close()
EOF
  else
    # Without python: a port nobody answers on is taken to be free.
    local p
    for ((p = port; p < port + count; p++)); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then return 1; fi
    done
  fi
}

# free_port [COUNT]: print a port P such that P..P+COUNT-1 are free on 127.0.0.1.
# Picked at random in 20000-32767, below Linux's ephemeral range (32768-60999) so outgoing
# connections cannot grab it between now and the server's bind, and random so that parallel
# runs rarely pick the same one.
free_port() {
  local count=${1:-1} port i
  for ((i = 0; i < 200; i++)); do
    port=$((20000 + RANDOM % (32768 - 20000 - count)))
    if ports_free "$port" "$count"; then
      echo "$port"
      return 0
    fi
  done
  printf '%s: error: no free port found on 127.0.0.1\n' "$OPS_SCRIPT_NAME" >&2
  return 1
}
