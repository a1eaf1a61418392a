/* Stage 0: option parsing and usage text for every command. Long options
 * accept both "--opt VALUE" and "--opt=VALUE". */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

static const struct {
	enum hb_command cmd;
	const char *name;
	const char *usage;
	const char *help;
} commands[] = {
	{ HB_CMD_BUILD, "build",
	    "handbook build [DIR] [-o OUT] [--content PATH] [--ref REV]\n"
	    "               [--versions GLOB] [--base-url URL] [-j N]\n"
	    "               [--strict] [--drafts] [--quiet] [--force]\n"
	    "               [--offline [--refresh-remote]]",
	    "Builds the static site into OUT (default DIR/build/site).\n"
	    "Content problems are warnings; --strict makes them errors.\n"
	    "OUT is replaced as a whole: it must be new, empty or a site\n"
	    "handbook wrote; --force replaces another folder (docs/cli.md).\n"
	    "--offline downloads remote images, audio and video into the\n"
	    "site (cached in DIR/build/cache/remote; --refresh-remote\n"
	    "fetches them again); see docs/offline.md.\n" },
	{ HB_CMD_CHECK, "check",
	    "handbook check [DIR] [--content PATH] [--format text|github|json]\n"
	    "               [--changed-since REV] [--explain]",
	    "Checks every content rule without writing a site; every\n"
	    "problem is an error (exit 1). --explain prints on stdout how\n"
	    "the repository was read: each document's layout and the\n"
	    "evidence for it, the conventions applied.\n" },
	{ HB_CMD_SERVE, "serve",
	    "handbook serve [DIR] [--port N] [--bind ADDR]",
	    "Serves a live preview on 127.0.0.1:8000 and rebuilds on change.\n" },
	{ HB_CMD_DUMP, "dump",
	    "handbook dump [DIR|FILE...] [--content PATH] [--drafts]",
	    "Prints the question model as JSON on stdout (docs/model.md).\n" },
	{ HB_CMD_INIT, "init",
	    "handbook init [DIR]",
	    "Creates a new handbook in DIR (default .).\n" },
	{ HB_CMD_EXPORT, "export",
	    "handbook export anki [DIR] -o FILE [--content PATH] [--ref REV]\n"
	    "               [--base-url URL] [-j N] [--drafts] [--quiet]",
	    "Writes flashcards: one note per answered question, in Anki's\n"
	    "text import format (guid = question id, so importing again\n"
	    "updates the notes). FILE '-' is standard output. See\n"
	    "docs/practice.md.\n" },
	{ HB_CMD_VERSION, "--version", "handbook --version",
	    "Prints the version and the libraries it runs with.\n" },
	{ HB_CMD_HELP, "help", "handbook help [COMMAND]",
	    "Prints help for a command.\n" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

const char *
hb_cli_command_name(enum hb_command cmd)
{
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (commands[i].cmd == cmd)
			return commands[i].name;
	return "handbook";
}

void
hb_cli_usage(FILE *fp, enum hb_command cmd)
{
	size_t i;

	if (cmd != HB_CMD_NONE && cmd != HB_CMD_HELP) {
		for (i = 0; i < NCOMMANDS; i++) {
			if (commands[i].cmd != cmd)
				continue;
			fprintf(fp, "usage: %s\n\n%s", commands[i].usage,
			    commands[i].help);
			fprintf(fp, "\nExit codes: 0 ok, 1 content errors, "
			    "2 usage or config errors, 3 I/O or internal "
			    "failure.\n");
			return;
		}
	}
	fputs("usage:\n", fp);
	for (i = 0; i < NCOMMANDS; i++)
		fprintf(fp, "  %s\n", commands[i].usage);
	fputs("\nRun 'handbook help COMMAND' for details; "
	    "docs/cli.md has the full reference.\n", fp);
}

static int fail(FILE *err, enum hb_command cmd, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int
fail(FILE *err, enum hb_command cmd, const char *fmt, ...)
{
	va_list ap;

	fputs("handbook: ", err);
	va_start(ap, fmt);
	vfprintf(err, fmt, ap);
	va_end(ap);
	fputc('\n', err);
	hb_cli_usage(err, cmd);
	return -1;
}

/* Matches "--name", "--name=value" or a short alias; takes the value
 * from the same word or the next one. Returns 1 when matched, 0 when
 * not, -1 when the value is missing. */
static int
opt_value(const char *name, const char *shortname, int argc, char **argv,
    int *i, const char **val)
{
	const char *a = argv[*i];
	size_t n = strlen(name);

	if (strncmp(a, name, n) == 0 && a[n] == '=') {
		*val = a + n + 1;
		return 1;
	}
	if (strcmp(a, name) != 0 &&
	    (shortname == NULL || strcmp(a, shortname) != 0))
		return 0;
	if (*i + 1 >= argc)
		return -1;
	*val = argv[++*i];
	return 1;
}

static int
parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *s == '\0' || *end != '\0' || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* Which options each command accepts. */
enum {
	O_OUT = 1 << 0, O_CONTENT = 1 << 1, O_REF = 1 << 2,
	O_VERSIONS = 1 << 3, O_BASEURL = 1 << 4, O_JOBS = 1 << 5,
	O_STRICT = 1 << 6, O_QUIET = 1 << 7, O_FORMAT = 1 << 8,
	O_CHANGED = 1 << 9, O_PORT = 1 << 10, O_BIND = 1 << 11,
	O_DRAFTS = 1 << 12, O_FORCE = 1 << 13, O_OFFLINE = 1 << 14,
	O_EXPLAIN = 1 << 15
};

static unsigned
allowed(enum hb_command cmd)
{
	switch (cmd) {
	case HB_CMD_BUILD:
		return O_OUT | O_CONTENT | O_REF | O_VERSIONS | O_BASEURL |
		    O_JOBS | O_STRICT | O_QUIET | O_DRAFTS | O_FORCE |
		    O_OFFLINE;
	case HB_CMD_CHECK:
		return O_CONTENT | O_FORMAT | O_CHANGED | O_REF | O_JOBS |
		    O_QUIET | O_STRICT | O_DRAFTS | O_EXPLAIN;
	case HB_CMD_SERVE:
		return O_PORT | O_BIND | O_CONTENT | O_JOBS | O_DRAFTS |
		    O_QUIET;
	case HB_CMD_DUMP:
		return O_CONTENT | O_REF | O_JOBS | O_DRAFTS;
	case HB_CMD_EXPORT:
		return O_OUT | O_CONTENT | O_REF | O_BASEURL | O_JOBS |
		    O_DRAFTS | O_QUIET;
	default:
		return 0;
	}
}

int
hb_cli_parse(struct hb_options *o, int argc, char **argv, FILE *err)
{
	static const struct {
		const char *name, *shortname;
		unsigned bit;
		size_t off;
	} strs[] = {
		{ "--output", "-o", O_OUT, offsetof(struct hb_options, out) },
		{ "--content", NULL, O_CONTENT,
		    offsetof(struct hb_options, content) },
		{ "--ref", NULL, O_REF, offsetof(struct hb_options, ref) },
		{ "--versions", NULL, O_VERSIONS,
		    offsetof(struct hb_options, versions) },
		{ "--base-url", NULL, O_BASEURL,
		    offsetof(struct hb_options, base_url) },
		{ "--changed-since", NULL, O_CHANGED,
		    offsetof(struct hb_options, changed_since) },
		{ "--bind", NULL, O_BIND, offsetof(struct hb_options, bind) },
	};
	const char *cmdname;
	unsigned ok;
	int i;
	size_t k;

	memset(o, 0, sizeof(*o));
	o->dir = ".";
	o->port = 8000;
	o->format = HB_FORMAT_TEXT;
	if (argc < 2)
		return fail(err, HB_CMD_NONE, "%s", "no command given");
	cmdname = argv[1];
	for (k = 0; k < NCOMMANDS; k++)
		if (strcmp(cmdname, commands[k].name) == 0)
			o->cmd = commands[k].cmd;
	if (strcmp(cmdname, "-h") == 0 || strcmp(cmdname, "--help") == 0)
		o->cmd = HB_CMD_HELP;
	if (strcmp(cmdname, "-V") == 0 || strcmp(cmdname, "version") == 0)
		o->cmd = HB_CMD_VERSION;
	if (o->cmd == HB_CMD_NONE)
		return fail(err, HB_CMD_NONE, "unknown command '%s'", cmdname);
	if (o->cmd == HB_CMD_HELP) {
		if (argc > 3)
			return fail(err, HB_CMD_HELP, "%s",
			    "help takes at most one command");
		o->help_topic = argc == 3 ? argv[2] : NULL;
		return 0;
	}
	if (o->cmd == HB_CMD_VERSION) {
		if (argc > 2)
			return fail(err, HB_CMD_VERSION,
			    "unexpected argument '%s'", argv[2]);
		return 0;
	}
	ok = allowed(o->cmd);
	o->files = argv + 2;
	o->nfiles = 0;
	for (i = 2; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		int r = 0;

		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			o->help_topic = cmdname;
			o->cmd = HB_CMD_HELP;
			return 0;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			/* Positional: DIR, or for dump any number of
			 * DIR|FILE arguments (kept in argv order). */
			if (o->cmd == HB_CMD_DUMP) {
				o->files[o->nfiles++] = argv[i];
				continue;
			}
			if (o->cmd == HB_CMD_EXPORT &&
			    o->export_format == NULL) {
				if (strcmp(a, "anki") != 0)
					return fail(err, o->cmd, "unknown "
					    "export format '%s' (anki)", a);
				o->export_format = a;
				continue;
			}
			if (o->nfiles > 0)
				return fail(err, o->cmd,
				    "unexpected argument '%s'", a);
			o->dir = a;
			o->nfiles = 1;
			continue;
		}
		if (strcmp(a, "--") == 0)
			return fail(err, o->cmd, "%s",
			    "'--' is not supported; name paths directly");
		for (k = 0; k < sizeof(strs) / sizeof(strs[0]); k++) {
			r = opt_value(strs[k].name, strs[k].shortname, argc,
			    argv, &i, &val);
			if (r == 0)
				continue;
			if (r < 0)
				return fail(err, o->cmd,
				    "option '%s' needs a value", a);
			if (!(ok & strs[k].bit))
				return fail(err, o->cmd,
				    "option '%s' does not apply here",
				    strs[k].name);
			/* It goes into every page and the feed. */
			if (strs[k].bit == O_BASEURL && val[0] != '\0' &&
			    !hb_url_is_web(val))
				return fail(err, o->cmd, "--base-url must be "
				    "an http:// or https:// URL, not '%s'",
				    val);
			*(const char **)((char *)o + strs[k].off) = val;
			break;
		}
		if (r != 0)
			continue;
		if ((r = opt_value("--jobs", "-j", argc, argv, &i, &val))) {
			if (r < 0 || !(ok & O_JOBS) ||
			    parse_int(val, 1, 1024, &o->jobs) != 0)
				return fail(err, o->cmd, "%s",
				    "-j needs a number of jobs from 1 to 1024");
			continue;
		}
		if ((r = opt_value("--port", "-p", argc, argv, &i, &val))) {
			if (r < 0 || !(ok & O_PORT) ||
			    parse_int(val, 1, 65535, &o->port) != 0)
				return fail(err, o->cmd, "%s",
				    "--port needs a port number from 1 to 65535");
			continue;
		}
		if ((r = opt_value("--format", NULL, argc, argv, &i, &val))) {
			if (r < 0 || !(ok & O_FORMAT))
				return fail(err, o->cmd, "%s",
				    "--format applies to check and needs a value");
			if (strcmp(val, "text") == 0)
				o->format = HB_FORMAT_TEXT;
			else if (strcmp(val, "github") == 0)
				o->format = HB_FORMAT_GITHUB;
			else if (strcmp(val, "json") == 0)
				o->format = HB_FORMAT_JSON;
			else
				return fail(err, o->cmd,
				    "unknown format '%s' (text, github or json)",
				    val);
			continue;
		}
		if ((strcmp(a, "--strict") == 0 || strcmp(a, "--werror") == 0)
		    && (ok & O_STRICT)) {
			o->strict = true;
			continue;
		}
		if ((strcmp(a, "--quiet") == 0 || strcmp(a, "-q") == 0) &&
		    (ok & O_QUIET)) {
			o->quiet = true;
			continue;
		}
		if (strcmp(a, "--explain") == 0 && (ok & O_EXPLAIN)) {
			o->explain = true;
			continue;
		}
		if (strcmp(a, "--drafts") == 0 && (ok & O_DRAFTS)) {
			o->drafts = true;
			continue;
		}
		if (strcmp(a, "--force") == 0 && (ok & O_FORCE)) {
			o->force = true;
			continue;
		}
		if (strcmp(a, "--offline") == 0 && (ok & O_OFFLINE)) {
			o->offline = true;
			continue;
		}
		if (strcmp(a, "--refresh-remote") == 0 && (ok & O_OFFLINE)) {
			o->offline = true;
			o->refresh_remote = true;
			continue;
		}
		return fail(err, o->cmd, "unknown option '%s'", a);
	}
	/* `help export` parses the bare command. */
	if (o->cmd == HB_CMD_EXPORT && argc > 2 && o->export_format == NULL)
		return fail(err, o->cmd, "%s", "export needs a format: "
		    "handbook export anki [DIR] -o FILE");
	if (o->cmd == HB_CMD_EXPORT && argc > 2 && o->out == NULL)
		return fail(err, o->cmd, "%s", "export needs -o FILE "
		    "('-' for standard output)");
	if (o->cmd != HB_CMD_DUMP)
		o->nfiles = 0;
	return 0;
}
