# Sourced by tests/sh/*.test.sh (tests/run's "sh" suite). Each script
# checks with the functions below and ends with `done_tests NAME`, which
# prints "NAME: N passed, M failed" like the other suites.
#
#   HB       the handbook binary (tests/run sets HANDBOOK)
#   T        a fresh temporary folder, removed at exit
set -u
HB=${HANDBOOK:?HANDBOOK must name the binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export LC_ALL=C TZ=UTC GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
export GIT_CEILING_DIRECTORIES=$T
_pass=0
_fail=0

pass() { _pass=$((_pass + 1)); }
fail() { _fail=$((_fail + 1)); echo "FAIL $*"; }

# expect_rc WANT NAME CMD...: runs CMD, stderr to $T/err.
expect_rc() {
	local want=$1 name=$2 rc
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" = "$want" ]; then
		pass
	else
		fail "$name: exit $rc, want $want"
		head -n 5 "$T/err"
	fi
}

# expect_grep NAME PATTERN FILE: FILE has a line matching PATTERN.
expect_grep() {
	if grep -q -- "$2" "$3"; then pass; else fail "$1: no '$2' in $3"; head -n 5 "$3"; fi
}

# expect_true NAME CMD...: CMD succeeds.
expect_true() {
	local name=$1
	shift
	if "$@"; then pass; else fail "$name"; fi
}

# new_handbook DIR: a small handbook made by `handbook init`.
new_handbook() {
	"$HB" init "$1" >/dev/null 2>&1 || fail "init $1"
}

# untimed: true under a sanitizer (make tsan sets HB_UNTIMED=1), which
# slows handbook 5-15x: time bounds are then not checked.
untimed() {
	[ "${HB_UNTIMED:-0}" = 1 ]
}

done_tests() {
	echo "$1: $_pass passed, $_fail failed"
	[ "$_fail" = 0 ]
}
