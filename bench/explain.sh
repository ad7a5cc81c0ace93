#!/bin/sh
# Prints the plan of every query in bench/queries.sql, as Markdown:
#   bench/explain.sh sqlite:///path/region.db
#   bench/explain.sh postgres://postgres@127.0.0.1:5432/zhurnal_region
set -eu
db=$1
here=$(dirname "$0")
title=""
while IFS= read -r line; do
    case "$line" in
        "-- "*:*) title=${line#-- } ;;
        "--"*|"") ;;
        *)
            echo "**$title**"
            echo '```'
            case "$db" in
                sqlite:*)
                    path=${db#sqlite://}; path=${path%%\?*}
                    sqlite3 "$path" "EXPLAIN QUERY PLAN $line" ;;
                *)
                    psql "$db" -At -c "EXPLAIN (ANALYZE, COSTS OFF, TIMING ON, SUMMARY OFF) $line" ;;
            esac
            echo '```'
            ;;
    esac
done < "$here/queries.sql"
