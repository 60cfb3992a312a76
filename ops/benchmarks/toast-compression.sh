#!/usr/bin/env bash
# TOAST compression of step batches: pglz (PostgreSQL's default) vs lz4 vs uncompressed (storage external).
#
#   ops/benchmarks/toast-compression.sh [ROUNDS]     (psql connection from the usual PG* variables)
#
# Builds, in the database PGDATABASE (use a scratch one: it creates and drops tables named toastbench_*), one run's
# 100 StepsLogged batches × 10,000 steps shaped as Tracker stores them (reward, loss, tokens and 7 metrics per step),
# then times, in one psql session and in rotating order:
#   - the insert of the 100 batches from an uncompressed copy into a table of each kind (compression cost),
#   - the run page's curve query (RunSeries.MetricAsync's SQL, a built-in field and a metric) on each table,
# and prints the sizes and the medians. Times are the PostgreSQL backend's CPU time (utime + stime from /proc, so
# psql must run on the database's machine), which a loaded machine disturbs far less than wall time; wall time
# (psql's \timing) is printed next to it.
set -euo pipefail
rounds=${1:-5}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
id="'3f1d2c4e-0000-4000-8000-000000000001'"

psql -v ON_ERROR_STOP=1 -q <<'SQL'
drop table if exists toastbench_staging, toastbench_pglz, toastbench_lz4, toastbench_external;
create table toastbench_staging (version bigint, data jsonb);
alter table toastbench_staging alter column data set storage external;
insert into toastbench_staging
select b, jsonb_build_object('runId', '3f1d2c4e-0000-4000-8000-000000000001', 'steps', (
  select jsonb_agg(jsonb_build_object(
      'step', s,
      'reward', 0.3 + 0.4 * s / 1e6::float8 + 0.02 * sin(s::float8),
      'loss', 0.4 * (1 - (0.3 + 0.4 * s / 1e6::float8 + 0.02 * sin(s::float8))),
      'tokens', 563200.0::float8,
      'metrics', jsonb_build_object(
          'kl', 1e-4 * s::float8 * (1 + 0.1 * cos(s::float8)),
          'entropy', 1.0 / sqrt(s::float8),
          'response_length', 900 + 2.0 * s + (s % 97),
          'grad_norm', 0.5 + 0.3 * sin(s * 0.37::float8),
          'lr', 1e-6::float8,
          'clip_frac', abs(sin(s * 1.3::float8)) * 0.05,
          'throughput', 1234.5 + 100 * cos(s * 0.01::float8)))
      order by s)
  from generate_series((b - 1) * 10000 + 1, b * 10000) s))
from generate_series(1, 100) b;
-- The columns of Marten's mt_events that the query touches, and its stream/version index.
create table toastbench_pglz (seq_id bigserial primary key, stream_id uuid, version bigint not null, data jsonb not null, type varchar(500) not null);
create unique index on toastbench_pglz (stream_id, version);
create table toastbench_lz4 (like toastbench_pglz including all);
create table toastbench_external (like toastbench_pglz including all);
alter table toastbench_pglz alter column data set compression pglz;
alter table toastbench_lz4 alter column data set compression lz4;
alter table toastbench_external alter column data set storage external;
SQL

kinds=(pglz lz4 external)
{
  echo '\timing on'
  echo 'select pg_backend_pid() as pid \gset'
  echo '\setenv BPID :pid'
  echo "\\set id '3f1d2c4e-0000-4000-8000-000000000001'"
  echo "\\set reward '''steps_logged'', ''\$[*] ? (@.\"reward\" != null).step'', ''\$[*] ? (@.\"reward\" != null).\"reward\"'''"
  echo "\\set kl '''steps_logged'', ''\$[*] ? (@.metrics.\"kl\" != null).step'', ''\$[*] ? (@.metrics.\"kl\" != null).metrics.\"kl\"'''"
  for k in "${kinds[@]}"; do
    echo "prepare q_$k(uuid, text, text, text) as select jsonb_path_query_array(b.steps, \$3::jsonpath)::text, jsonb_path_query_array(b.steps, \$4::jsonpath)::text
      from (select data->'steps' as steps from toastbench_$k where stream_id = \$1 and type = \$2 offset 0) b;"
  done
  echo '\o /dev/null'
  timed() { # label, statement
    echo "\\! echo \"cpu $1 \$(awk '{print \$14+\$15}' /proc/\$BPID/stat)\""
    echo "$2"
    echo "\\! echo \"cpu end \$(awk '{print \$14+\$15}' /proc/\$BPID/stat)\""
  }
  for ((r = 0; r < rounds; r++)); do
    order=("${kinds[@]:r%3}" "${kinds[@]:0:r%3}")
    for k in "${order[@]}"; do
      echo "truncate toastbench_$k; checkpoint;"
      timed "insert-$k" "insert into toastbench_$k (stream_id, version, data, type) select $id, version, data, 'steps_logged' from toastbench_staging;"
    done
    for metric in reward kl; do
      for k in "${order[@]}"; do timed "read-$metric-$k" "execute q_$k(:'id', :$metric);"; done
    done
  done
  echo '\o'
  for k in "${kinds[@]}"; do
    echo "select '$k' as kind, min(pg_column_compression(data)) as compression, pg_size_pretty(sum(pg_column_size(data))) as stored, pg_size_pretty(pg_total_relation_size('toastbench_$k')) as table_size from toastbench_$k;"
  done
} >"$out/bench.sql"

psql -v ON_ERROR_STOP=1 -f "$out/bench.sql" >"$out/log" 2>&1
grep -v -E '^(cpu |Time: )' "$out/log" | grep -v '^$' || true
# Pair each "cpu LABEL t0" with the next "cpu end t1" and the \timing line in between; ticks are 1/100 s.
awk -v hz="$(getconf CLK_TCK)" '
  $1 == "cpu" && $2 != "end" { label = $2; t0 = $3; wall = "" ; next }
  /^Time: / && label != "" { wall = $2; next }
  $1 == "cpu" && $2 == "end" && label != "" { print label, ($3 - t0) * 1000 / hz, wall; label = "" }
' "$out/log" | sort -k1,1 -k2,2n | awk '
  { n[$1]++; cpu[$1, n[$1]] = $2; w[$1] = w[$1] " " int($3) }
  END { for (k in n) { m = n[k]; mid = (m % 2) ? cpu[k, (m + 1) / 2] : (cpu[k, m / 2] + cpu[k, m / 2 + 1]) / 2
        printf "%-22s CPU ms median %6d (min %d, max %d)   wall ms%s\n", k, mid, cpu[k, 1], cpu[k, m], w[k] } }
' | sort
psql -q -c 'drop table toastbench_staging, toastbench_pglz, toastbench_lz4, toastbench_external;'
