# shellcheck shell=bash disable=SC2034  # the PG_THROWAWAY_* results are read by the scripts that source this
# A throwaway PostgreSQL 15 server for tests and benchmarks. Source this file,
# then:
#
#   trap pg_throwaway_stop EXIT     # stop it and delete its files, always
#   if pg_throwaway_start member_test; then
#     echo "up: $PG_THROWAWAY_URI"  # a libpq connection URI
#   else
#     echo "no server: $PG_THROWAWAY_REASON"
#   fi
#
# The server lives in a fresh `mktemp -d` directory (data, log and socket) and
# listens only on a Unix socket in that directory (listen_addresses=''), so it
# cannot clash with another server on the machine, such as the cluster the
# Debian package starts on port 5432, or another run of these scripts: the port
# number only names the socket file. Local connections are trusted; the
# superuser role is `postgres`.
#
# PostgreSQL refuses to run as root, and the machine runs tests as root: as root
# the server runs as the `postgres` system user (the Debian package creates it);
# as anyone else it runs as that user.

PG_BINDIR=${MEMBER_POSTGRES_BINDIR:-/usr/lib/postgresql/15/bin}
PG_THROWAWAY_PORT=5432        # safe to fix: the socket is in a private directory
PG_THROWAWAY_TIMEOUT=30       # seconds to wait for the server to accept connections
PG_THROWAWAY_DIR=             # set while a server (or its directory) exists
PG_THROWAWAY_URI=             # set by a successful pg_throwaway_start
PG_THROWAWAY_REASON=          # set by a failed pg_throwaway_start

# Runs a command as the user the server runs as, from inside the server's
# directory (the caller's working directory may be closed to `postgres`).
pg_throwaway_as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    (cd "$PG_THROWAWAY_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_THROWAWAY_DIR" && "$@")
  fi
}

# Prints the last lines of a log file, indented, to stderr (for failures).
pg_throwaway_show_log() {
  local file=$1
  [ -s "$file" ] || return 0
  echo "---- last lines of $(basename "$file") ----" >&2
  tail -n 20 "$file" | sed 's/^/  /' >&2
  echo "----" >&2
}

# Records why the server could not start and undoes whatever was set up.
# Always returns 1, so callers can write `... || { pg_throwaway_fail "why"; return 1; }`.
pg_throwaway_fail() {
  PG_THROWAWAY_REASON=$1
  pg_throwaway_stop
  return 1
}

# Checks what the server needs before touching anything; sets the reason.
pg_throwaway_check_prerequisites() {
  local tool
  for tool in initdb pg_ctl postgres createdb; do
    if [ ! -x "$PG_BINDIR/$tool" ]; then
      PG_THROWAWAY_REASON="$PG_BINDIR/$tool not found; ./scripts/install-deps installs the Debian package postgresql"
      return 1
    fi
  done
  if [ "$(id -u)" -eq 0 ]; then
    if ! id -u postgres >/dev/null 2>&1; then
      PG_THROWAWAY_REASON="running as root and there is no 'postgres' system user to run the server as"
      return 1
    fi
    if ! command -v runuser >/dev/null 2>&1; then
      PG_THROWAWAY_REASON="running as root and runuser (util-linux) is missing"
      return 1
    fi
  fi
}

# Starts the server and creates database $1 in it. On success sets
# PG_THROWAWAY_URI and returns 0; otherwise sets PG_THROWAWAY_REASON, leaves
# nothing behind and returns 1. Called in `if`, where `set -e` does not apply,
# so every step checks its own status.
pg_throwaway_start() {
  local database=$1
  PG_THROWAWAY_URI=
  PG_THROWAWAY_REASON=
  pg_throwaway_check_prerequisites || return 1

  PG_THROWAWAY_DIR=$(mktemp -d "${TMPDIR:-/tmp}/member-pg.XXXXXX") ||
    { pg_throwaway_fail "mktemp -d failed"; return 1; }
  local dir=$PG_THROWAWAY_DIR
  # mktemp makes it 0700: only its owner (and root) can reach the socket.
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$dir" ||
      { pg_throwaway_fail "could not hand $dir to the postgres user"; return 1; }
    # A TMPDIR under /root, say, is closed to `postgres`; say so plainly.
    runuser -u postgres -- test -w "$dir" ||
      { pg_throwaway_fail "the postgres user cannot reach $dir (TMPDIR=${TMPDIR:-/tmp})"; return 1; }
  fi

  # C.UTF-8 always exists on Debian 12 (built into glibc); UTF-8 like the library.
  # --no-sync: nothing here needs to survive a crash.
  if ! pg_throwaway_as_owner "$PG_BINDIR/initdb" -D "$dir/data" -U postgres --auth=trust \
      --encoding=UTF8 --locale=C.UTF-8 --no-sync --no-instructions >"$dir/initdb.log" 2>&1; then
    pg_throwaway_show_log "$dir/initdb.log"
    pg_throwaway_fail "initdb failed"; return 1
  fi

  # Appended settings win over the defaults above them in the file.
  if ! cat >>"$dir/data/postgresql.conf" <<CONF

# ---- throwaway test server (scripts/lib/postgres.sh) ----
listen_addresses = ''                   # no TCP at all: Unix socket only
unix_socket_directories = '$dir'
port = $PG_THROWAWAY_PORT
max_connections = 200                   # parallel tests x connection pools
fsync = off                             # speed: the data is deleted afterwards
synchronous_commit = off
full_page_writes = off
CONF
  then
    pg_throwaway_fail "could not write $dir/data/postgresql.conf"; return 1
  fi

  # -w: return once the server accepts connections (or after the timeout).
  if ! pg_throwaway_as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
      -w -t "$PG_THROWAWAY_TIMEOUT" start >"$dir/pg_ctl.log" 2>&1; then
    pg_throwaway_show_log "$dir/pg_ctl.log"
    pg_throwaway_show_log "$dir/server.log"
    # "could not start server" or "server did not start in time"
    local why
    why=$(grep '^pg_ctl:' "$dir/pg_ctl.log" | tail -n 1)
    pg_throwaway_fail "${why:-pg_ctl start failed} (waited up to ${PG_THROWAWAY_TIMEOUT}s)"; return 1
  fi

  # As the caller (root too): proves the socket is reachable by the tests.
  if ! "$PG_BINDIR/createdb" -h "$dir" -p "$PG_THROWAWAY_PORT" -U postgres "$database" \
      >"$dir/createdb.log" 2>&1; then
    pg_throwaway_show_log "$dir/createdb.log"
    pg_throwaway_show_log "$dir/server.log"
    pg_throwaway_fail "could not create database $database"; return 1
  fi

  PG_THROWAWAY_URI="postgresql:///$database?host=$dir&port=$PG_THROWAWAY_PORT&user=postgres"
}

# Copies the server log to $1 (to keep it for a look after a failed run).
pg_throwaway_save_log() {
  [ -n "$PG_THROWAWAY_DIR" ] && [ -f "$PG_THROWAWAY_DIR/server.log" ] &&
    cp "$PG_THROWAWAY_DIR/server.log" "$1"
}

# Whether process $1 exists and is not a zombie (one not reaped yet is gone).
pg_throwaway_running() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "${state#Z}" = "$state" ]
}

# Stops the server, if any, and deletes its directory. Idempotent and quiet, so
# it can run from an EXIT trap after an INT or TERM trap already ran it.
pg_throwaway_stop() {
  [ -n "$PG_THROWAWAY_DIR" ] || return 0
  local dir=$PG_THROWAWAY_DIR pid=
  if [ -f "$dir/data/postmaster.pid" ]; then
    pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)
    # immediate: no shutdown checkpoint, the data is about to be deleted anyway.
    pg_throwaway_as_owner "$PG_BINDIR/pg_ctl" -D "$dir/data" -m immediate -w -t 15 stop \
      >/dev/null 2>&1 || true
    # pg_ctl returns once the pid file is gone, a moment before the process
    # is; give it up to 5 s, then end our own postmaster by its id.
    if [ -n "$pid" ]; then
      local tries=50
      while pg_throwaway_running "$pid" && [ "$tries" -gt 0 ]; do
        sleep 0.1
        tries=$((tries - 1))
      done
      if pg_throwaway_running "$pid"; then
        kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
  fi
  rm -rf -- "$dir"
  PG_THROWAWAY_DIR=
}
