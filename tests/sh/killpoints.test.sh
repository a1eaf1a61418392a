#!/usr/bin/env bash
# Issue #15, point 7: a build killed at any moment leaves the output
# folder holding either the previous site, byte for byte, or the whole
# new one, never a mix and never nothing; the next build succeeds and
# leaves nothing beside it. strace kills the build (SIGKILL, which no
# handler sees) at the Nth call of each system call the output makes:
# openat, write, linkat, mkdirat, unlinkat and the one-step swap
# (renameat2), at several N each.
. "$(dirname "$0")/lib.sh"

if ! command -v strace >/dev/null 2>&1 ||
	! strace -f -o /dev/null -e inject=getpid:error=EPERM:when=9999 true \
	>/dev/null 2>&1; then
	echo "skipped: killpoints (strace with -e inject is not installed)"
	done_tests killpoints
	exit 0
fi

h=$T/h
new_handbook "$h"
out=$T/out/site
f=$(cd "$h" && find content -name '*.md' | sort | head -n 1)
cp "$h/$f" "$T/orig.md"

# snap DIR: one line per file (path, size, hash) and per folder.
snap() {
	(cd "$1" && find . -mindepth 1 \( -type d -printf 'd %p\n' \) -o \
		\( -type f -printf 'f %p %s ' -exec md5sum {} \; \) | sort)
}
state_a() { cp "$T/orig.md" "$h/$f"; }
state_b() { cp "$T/orig.md" "$h/$f"; printf '\n## Was this build killed?\n\nNo.\n' >>"$h/$f"; }
build() { "$HB" build "$h" -o "$1" -q -j 2 2>>"$T/log"; }
leftovers() { ls -A "$T/out" | grep -v '^site$' || true; }

state_a && build "$T/a" || fail "build A"
state_b && build "$T/b" || fail "build B"
snap "$T/a" >"$T/snap.a"
snap "$T/b" >"$T/snap.b"
expect_true "the two sites differ" sh -c "! cmp -s '$T/snap.a' '$T/snap.b'"

# strace counts "when" per thread: the counted and the killed builds run
# on one thread (-j 1), so the Nth call is the same call in both.
# How often the new build calls each, with a previous site in place,
# in the state every kill below starts from (B, then A over it).
state_b && build "$out" || fail "build B into out"
state_a && build "$out" || fail "build A into out"
state_b
strace -f -c -o "$T/count" -e trace=openat,write,linkat,mkdirat,unlinkat,renameat2 \
	"$HB" build "$h" -o "$out" -q -j 1 2>>"$T/log" || fail "counting build"
calls() { awk -v s="$1" '$NF == s { print $4 }' "$T/count"; }

kills=0
points=""
for sc in openat write linkat mkdirat unlinkat renameat2; do
	n=$(calls "$sc")
	[ -n "$n" ] && [ "$n" -gt 0 ] || continue
	for k in 1 $((n / 4)) $((n / 2)) $((3 * n / 4)) "$n"; do
		[ "$k" -ge 1 ] || continue
		case " $points " in *" $sc:$k "*) continue ;; esac
		points="$points $sc:$k"
	done
done
for p in $points; do
	sc=${p%%:*}
	k=${p#*:}
	# The previous site in place, then the new content.
	state_a && build "$out" || fail "$p: rebuild A"
	state_b
	# In a shell of its own, whose "Killed" goes nowhere.
	rc=$(bash -c '"$@" >/dev/null 2>&1; echo $?' _ strace -f -o /dev/null \
		-e trace="$sc" -e inject="$sc:signal=KILL:when=$k" \
		"$HB" build "$h" -o "$out" -q -j 1 2>/dev/null)
	if [ "$rc" = 137 ]; then
		kills=$((kills + 1))
		[ -n "${KP_DEBUG:-}" ] && echo "killed at $p"
	elif [ "$rc" != 0 ]; then
		fail "$p: the killed build ended with $rc"
	fi
	if [ ! -d "$out" ]; then
		fail "$p: no site after the kill"
	else
		snap "$out" >"$T/snap.k"
		if cmp -s "$T/snap.k" "$T/snap.a" || cmp -s "$T/snap.k" "$T/snap.b"; then
			pass
		else
			fail "$p: the site is neither the old one nor the new one"
			diff "$T/snap.a" "$T/snap.k" | head -n 5
		fi
	fi
	expect_true "$p: the next build succeeds" build "$out"
	snap "$out" >"$T/snap.k"
	expect_true "$p: and it is the new site" cmp -s "$T/snap.k" "$T/snap.b"
	expect_true "$p: nothing left beside it ($(leftovers | tr '\n' ' '))" \
		test -z "$(leftovers)"
done
echo "killpoints: $kills builds killed at $(echo "$points" | wc -w) points"
expect_true "at least 20 kills, the swap among them" sh -c \
	"[ $kills -ge 20 ] && echo '$points' | grep -q renameat2"
state_a

done_tests killpoints
