#!/bin/bash
# check_layers.sh - the layer rule of doc/design.md, checked on the
# source tree: each folder includes only the headers of the folders it
# may use.  Prints every violation and "N passed, N failed".
#
#   check_layers.sh SRCDIR
set -u
src=${1:?usage: check_layers.sh SRCDIR}
cd "$src" || exit 2

# folder -> folders whose headers it may include (besides its own).
declare -A allowed=(
	[base]=""
	[writer/cd]=""
	[writer/mmc]="base writer/cd"
	[writer/sg]="base writer/cd writer/mmc"
	[writer/virtual]="base writer/cd writer/mmc"
	[writer/tao]="base writer/cd writer/mmc writer/sg writer/virtual"
	[audio]="base"
	[desktop]=""
	[fs/render]="base writer/cd writer/tao"
	[fs/tracks]="base writer/cd writer/tao audio fs/render"
	[fs/drive]="base writer/cd writer/tao fs/render fs/tracks desktop"
	[fs/disc]="base writer/cd writer/tao fs/render fs/tracks fs/drive desktop"
	[fs]="base writer/cd writer/tao fs/render fs/tracks fs/drive fs/disc desktop"
)
# Headers of writer/mmc the filesystem may name: MMC's names of codes.
fs_mmc_ok="mmc_names.h"

# header name -> folder
declare -A home=()
for d in "${!allowed[@]}"; do
	for h in "$d"/*.h; do
		[ -e "$h" ] && home[$(basename "$h")]=$d
	done
done

passed=0 failed=0
for d in "${!allowed[@]}"; do
	for f in "$d"/*.c "$d"/*.h; do
		[ -e "$f" ] || continue
		while read -r inc; do
			h=${inc#*\"}
			h=${h%\"*}
			case "$h" in */*)
				echo "$f: includes \"$h\" by a path, not a bare name"
				failed=$((failed + 1))
				continue ;;
			esac
			from=${home[$h]:-}
			[ -z "$from" ] && continue # a system or test header
			if [ "$from" = "$d" ] ||
			   [[ " ${allowed[$d]} " == *" $from "* ]] ||
			   { [[ $d == fs* ]] && [ "$from" = writer/mmc ] &&
			     [[ " $fs_mmc_ok " == *" $h "* ]]; }; then
				passed=$((passed + 1))
			else
				echo "$f: includes $h of $from, which $d may not use"
				failed=$((failed + 1))
			fi
		done < <(grep -h '^#include "' "$f")
	done
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
