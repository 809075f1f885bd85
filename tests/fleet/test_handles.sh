#!/usr/bin/env bash
# Handles (detached requests) at scale against the fleet: see
# test_fleet_handles.c.
set -u
: "${FLEET:?}" "${HANDLES:?}"
COUNT=2000
SEED=5
DROP=10
. "$(dirname "$0")/fleet_lib.sh"
fleet_start $COUNT --seed $SEED --drop $DROP --lifetime 60 || exit 1
"$HANDLES" "$FLEET_PORTS" $SEED $DROP
