#!/usr/bin/env bash
# Issue #12: output is byte-identical at any -j. The 10,000-question
# corpus of ../shared/tools/gen-corpus (500 files x 20 questions, full of
# bare URLs that cmark-gfm's autolink extension must link) is built with
# -j 1, -j 4 and the default, and the three sites compared file by file.
. "$(dirname "$0")/lib.sh"

gen=${SHARED:-}/tools/gen-corpus
if [ ! -x "$gen" ]; then
	echo "skipped parallel: no ../shared/tools/gen-corpus"
	done_tests parallel
	exit
fi
"$gen" "$T/c" --files 500 --questions 20 >/dev/null 2>&1 || fail "gen-corpus"
for j in 1 4 default; do
	if [ "$j" = default ]; then
		expect_rc 0 "build -j $j" "$HB" build "$T/c" -o "$T/s-$j" -q
	else
		expect_rc 0 "build -j $j" "$HB" build "$T/c" -o "$T/s-$j" -q -j "$j"
	fi
done
n=$(find "$T/s-1" -type f | wc -l)
expect_true "a real site ($n files)" test "$n" -gt 10000
links=$(cat "$T"/s-1/q/*.html | grep -o '<a href="https://example.com/' | wc -l)
expect_true "autolinks present ($links)" test "$links" -gt 1000
for j in 4 default; do
	d=$(diff -rq "$T/s-1" "$T/s-$j" | wc -l)
	if [ "$d" = 0 ]; then
		pass
	else
		fail "-j 1 and -j $j differ in $d files"
		diff -rq "$T/s-1" "$T/s-$j" | head -n 3
	fi
done
done_tests parallel
