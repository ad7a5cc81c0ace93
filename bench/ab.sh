#!/bin/sh
# One endpoint, one binary: starts BIN on the region database, warms up for
# 3 s, then runs wrk (2 threads, 64 connections) for SECONDS on a request
# file that bench/region.py wrote (bench/out/dsj.txt: a student's diary JSON,
# jp.txt: journal pages, …) and prints requests/s and p99. Used for the
# before/after pairs in BENCHMARKS.md, run alternately to see the noise:
#   bench/ab.sh target/release/zhurnal bench/out/dsj.txt 8
# It also prints the server's CPU time per request.
# ZHURNAL_DB_CONNECTIONS and other settings pass through the environment.
set -eu
BIN=$1; F=$2; D=${3:-10}; DB=${DB:-sqlite:///work/region-data/region.db}
HERE=$(dirname "$0")
RUST_LOG=warn "$BIN" serve --listen 127.0.0.1:18082 --database-url "$DB" > /tmp/ab-srv.log 2>&1 &
S=$!
for _ in $(seq 1 100); do curl -sf http://127.0.0.1:18082/readyz >/dev/null && break; sleep 0.2; done
wrk -t2 -c64 -d3s -s "$HERE/requests.lua" http://127.0.0.1:18082 -- "$F" cycle 2 >/dev/null 2>&1
cpu0=$(awk '{print $14+$15}' /proc/$S/stat)
wrk -t2 -c64 -d"${D}s" --latency -s "$HERE/requests.lua" http://127.0.0.1:18082 -- "$F" cycle 2 > /tmp/ab-wrk.txt 2>&1
cpu1=$(awk '{print $14+$15}' /proc/$S/stat)
kill $S; wait $S 2>/dev/null || true
rps=$(grep -o 'REQ total=[0-9]* duration_us=[0-9]*' /tmp/ab-wrk.txt | awk -F'[= ]' '{printf "%.0f", $3/($5/1e6)}')
p99=$(grep -o 'p99=[0-9.]*' /tmp/ab-wrk.txt | cut -d= -f2)
total=$(grep -o 'REQ total=[0-9]*' /tmp/ab-wrk.txt | cut -d= -f2)
# The server's own CPU time (user + system, clock ticks) per request: steadier
# than requests/s when the machine's speed changes between runs.
cpu=$(awk -v a="$cpu0" -v b="$cpu1" -v n="$total" -v hz="$(getconf CLK_TCK)" 'BEGIN{printf "%.0f", (b-a)/hz*1e6/n}')
echo "$(basename "$BIN") $(basename "$F") $rps req/s p99 ${p99} ms, server CPU ${cpu} us/request"
