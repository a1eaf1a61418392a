# bash completion for handbook(1): commands, options, option values
# (--format text|github|json, git revisions for --ref) and folders.
# Installed as share/bash-completion/completions/handbook; loads on its
# own too (`source handbook.bash`), without the bash-completion package.
# Keep in step with src/cli.c: tests/install/run checks every option of
# `handbook help CMD` is offered here.

_handbook_revs()
{
	local dir=$1
	command -v git >/dev/null 2>&1 || return 0
	git -C "$dir" for-each-ref --format='%(refname:short)' \
	    refs/heads refs/tags refs/remotes 2>/dev/null
	printf '%s\n' HEAD
}

_handbook()
{
	local cur prev cmd opts dir i w
	local IFS=$'\n'

	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	# "--format=gi" arrives as "--format" "=" "gi" (= is in
	# COMP_WORDBREAKS); "--format=" as "--format" "=".
	if [ "$cur" = = ]; then
		prev=${COMP_WORDS[COMP_CWORD - 1]}
		cur=
	elif [ "$prev" = = ] && [ "$COMP_CWORD" -gt 1 ]; then
		prev=${COMP_WORDS[COMP_CWORD - 2]}
	fi

	if [ "$COMP_CWORD" -le 1 ]; then
		COMPREPLY=($(compgen -W $'build\ncheck\nserve\ndump\ninit\nexport\nhelp\n--version\n--help' -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}

	# The handbook folder so far (for git revisions): the first word
	# that is not an option or an option's value.
	dir=.
	for ((i = 2; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		case $w in
		-o | --output | --content | --ref | --versions | --base-url | \
			--changed-since | --bind | -j | --jobs | -p | --port | --format)
			i=$((i + 1)) ;;
		-* | =) ;;
		*) [ -d "$w" ] && dir=$w && break ;;
		esac
	done

	case $prev in
	-o | --output | --content)
		COMPREPLY=($(compgen -d -- "$cur"))
		return 0 ;;
	--format)
		COMPREPLY=($(compgen -W $'text\ngithub\njson' -- "$cur"))
		return 0 ;;
	--ref | --changed-since)
		COMPREPLY=($(compgen -W "$(_handbook_revs "$dir")" -- "$cur"))
		return 0 ;;
	--versions)
		COMPREPLY=($(compgen -W "v*" -- "$cur"))
		return 0 ;;
	--bind)
		COMPREPLY=($(compgen -W $'127.0.0.1\n0.0.0.0\n::1' -- "$cur"))
		return 0 ;;
	-j | --jobs)
		COMPREPLY=($(compgen -W "$(seq 1 "$(nproc 2>/dev/null || echo 4)")" -- "$cur"))
		return 0 ;;
	-p | --port | --base-url)
		return 0 ;;
	esac

	case $cmd in
	build)
		opts=$'-o\n--output\n--content\n--ref\n--versions\n--base-url\n-j\n--jobs\n--strict\n--werror\n--drafts\n-q\n--quiet\n--force\n--offline\n--refresh-remote\n--help' ;;
	check)
		opts=$'--content\n--format\n--changed-since\n--explain\n--ref\n-j\n--jobs\n--strict\n--werror\n--drafts\n-q\n--quiet\n--help' ;;
	serve)
		opts=$'-p\n--port\n--bind\n--content\n-j\n--jobs\n--drafts\n-q\n--quiet\n--help' ;;
	dump)
		opts=$'--content\n--ref\n-j\n--jobs\n--drafts\n--help' ;;
	init)
		opts=$'--help' ;;
	export)
		if [ "$COMP_CWORD" = 2 ]; then
			COMPREPLY=($(compgen -W 'anki' -- "$cur"))
			return 0
		fi
		opts=$'-o\n--output\n--content\n--ref\n--base-url\n-j\n--jobs\n--drafts\n-q\n--quiet\n--help' ;;
	help)
		[ "$COMP_CWORD" = 2 ] &&
			COMPREPLY=($(compgen -W $'build\ncheck\nserve\ndump\ninit\nexport\nhelp\n--version' -- "$cur"))
		return 0 ;;
	*)
		return 0 ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
	elif [ "$cmd" = dump ]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	else
		COMPREPLY=($(compgen -d -- "$cur"))
	fi
	return 0
}

complete -o filenames -F _handbook handbook
