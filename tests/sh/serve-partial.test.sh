#!/usr/bin/env bash
# Issue #12: after an edit, serve writes only the edited document's
# pages and those that show the whole site, and keeps the rest of the
# site it served (when the edit shows the rest of the site the same
# face). With HB_SERVE_CHECK=1 it also builds everything and reports a
# difference; this test makes edits of every kind and wants none.
. "$(dirname "$0")/lib.sh"

h=$T/h
new_handbook "$h"
f=$h/content/interviews/example.md
port=$((20000 + RANDOM % 20000))
HB_SERVE_CHECK=1 "$HB" serve "$h" --port "$port" 2>"$T/log" &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$T"' EXIT

# wait_builds N: until the log has N build lines (10 s at most).
wait_builds() {
	local i n
	for ((i = 0; i < 200; i++)); do
		n=$(grep -cE '(built|build failed) in' "$T/log" 2>/dev/null)
		[ "${n:-0}" -ge "$1" ] && return 0
		sleep 0.05
	done
	return 1
}

# edit N PERL: rewrites $f with the perl substitution, waits for build N.
edit() {
	perl -0pi -e "$2" "$f"
	expect_true "build $1 after '$2'" wait_builds "$1"
}

if ! wait_builds 1; then
	fail "serve did not start"
	cat "$T/log"
	done_tests serve-partial
	exit
fi
# An answer's text: only this document's pages.
edit 2 's/有缓冲的在缓冲区满之前不会阻塞/有缓冲的在缓冲区满之前不阻塞/'
expect_grep "an answer edit keeps the rest" "kept but for 1 document" "$T/log"
# A review (shown in topic and related lists), a title, a new question,
# prose: each must come out as a full build would write it.
edit 3 's/基础扎实。/基础扎实，表达清楚。/'
edit 4 's/#### 1\. channel 的缓冲/#### 1. channel 的缓冲区/'
edit 5 's/(---\s*\n\s*#### 2\.)/\n#### 1b. 新的问题\n\n**面试官**: 为什么？\n\n$1/'
edit 6 's/- \*\*职位\*\*: 后端工程师/- **职位**: 后端开发工程师/'
kill $pid 2>/dev/null
wait $pid 2>/dev/null
if grep -q 'differs from a full one' "$T/log"; then
	fail "a partial rebuild differed from a full one"
	grep 'differs' "$T/log" | head -n 3
else
	pass
fi
done_tests serve-partial
