# RabbitMQ helpers shared by ops/rabbitmq/*, ops/up and ops/test. Source after common.sh.
#
# A private node directory DIR holds:
#   DIR/node.env      node name and ports, written by ops/rabbitmq/start (read by stop/vhosts)
#   DIR/home          HOME of the node and of its CLI calls: the Erlang cookie lives there
#   DIR/mnesia        the node's data (vhosts, durable queues)
#   DIR/log           logs (startup.log holds the launcher's own output)
#   DIR/rabbit.pid    pid of the Erlang VM
#   DIR/rabbitmq.conf, DIR/enabled_plugins  (no plugins: faster start, no extra port)
# The node runs as the `rabbitmq` OS user when run as root, like the packaged service.
#
# Ports, all on 127.0.0.1: AMQP = PORT, Erlang distribution = PORT+1, epmd = PORT+2. The node's
# own epmd (not the machine-wide one on 4369) keeps two nodes from seeing each other.

RMQ_USER=rabbitmq
# The Debian package's /usr/sbin wrappers `su` to rabbitmq, which resets HOME (and with it the
# cookie) and sends output to /var/log: call the real scripts directly.
RMQ_LIB=/usr/lib/rabbitmq/bin

ensure_rabbitmq_installed() {
  ensure_apt_package rabbitmq-server "$RMQ_LIB/rabbitmq-server"
}

# rmq_env DIR: set RMQ_ENV (array of VAR=value for `env`) and RMQ_PORT/RMQ_DIST_PORT/
# RMQ_EPMD_PORT/RMQ_NODE from DIR/node.env. Returns 1 when DIR has no node.
rmq_env() {
  local dir=$1
  [[ -f $dir/node.env ]] || return 1
  # node.env is written by ops/rabbitmq/start: plain VAR=value lines.
  RMQ_NODE=$(sed -n 's/^NODE=//p' "$dir/node.env")
  RMQ_PORT=$(sed -n 's/^PORT=//p' "$dir/node.env")
  RMQ_DIST_PORT=$((RMQ_PORT + 1))
  RMQ_EPMD_PORT=$((RMQ_PORT + 2))
  RMQ_ENV=(
    HOME="$dir/home"
    RABBITMQ_NODENAME="$RMQ_NODE"
    RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
    RABBITMQ_NODE_PORT="$RMQ_PORT"
    RABBITMQ_DIST_PORT="$RMQ_DIST_PORT"
    ERL_EPMD_ADDRESS=127.0.0.1
    ERL_EPMD_PORT="$RMQ_EPMD_PORT"
    RABBITMQ_MNESIA_BASE="$dir/mnesia"
    RABBITMQ_LOG_BASE="$dir/log"
    RABBITMQ_PID_FILE="$dir/rabbit.pid"
    RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
    RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
    RABBITMQ_ADVANCED_CONFIG_FILE="$dir/advanced.config"
    # Keep /etc/rabbitmq/rabbitmq-env.conf from overriding any of the above.
    RABBITMQ_CONF_ENV_FILE="$dir/rabbitmq-env.conf"
    # Without this the distribution port listens on every interface.
    RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS='-kernel inet_dist_use_interface {127,0,0,1}'
  )
}

# rmq_ctl DIR ARGS...: rabbitmqctl against the node in DIR (rmq_env must have been called).
# Runs from DIR: the CLI is an Erlang VM too and wants a readable working directory.
rmq_ctl() {
  local dir=$1
  shift
  (cd "$dir" && run_as "$RMQ_USER" env "${RMQ_ENV[@]}" "$RMQ_LIB/rabbitmqctl" "$@")
}

# rmq_pid DIR: print the pid of the node's VM if it is alive. After a reboot the pid in the
# file may belong to another program: only an Erlang VM counts.
rmq_pid() {
  local pid
  pid=$(cat "$1/rabbit.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == beam* ]] || return 1
  echo "$pid"
}

# rmq_running DIR: the node in DIR has a live VM.
rmq_running() { rmq_pid "$1" >/dev/null; }
