/* Stage 0: command line -> struct hb_options. Parsing only; no I/O
 * besides printing usage. */
#ifndef HB_CLI_H
#define HB_CLI_H

#include <stdbool.h>
#include <stdio.h>

enum hb_command {
	HB_CMD_NONE,
	HB_CMD_BUILD,
	HB_CMD_CHECK,
	HB_CMD_SERVE,
	HB_CMD_DUMP,
	HB_CMD_INIT,
	HB_CMD_EXPORT,
	HB_CMD_VERSION,
	HB_CMD_HELP
};

enum hb_format {
	HB_FORMAT_TEXT,
	HB_FORMAT_GITHUB,
	HB_FORMAT_JSON
};

struct hb_options {
	enum hb_command cmd;
	const char *dir;		/* handbook root, default "." */
	const char *out;		/* -o */
	const char *content;		/* --content, relative to dir */
	const char *ref;		/* --ref REV */
	const char *versions;		/* --versions GLOB */
	const char *base_url;		/* --base-url */
	const char *changed_since;	/* --changed-since REV */
	const char *bind;		/* --bind ADDR */
	int port;			/* --port, default 8000 */
	int jobs;			/* -j, 0 = one per core */
	bool strict;			/* --strict / --werror */
	bool quiet;
	bool drafts;			/* --drafts: include draft content */
	bool force;			/* --force: replace an unmarked -o */
	bool offline;			/* --offline: download remote media */
	bool refresh_remote;		/* --refresh-remote: bypass the cache */
	bool explain;			/* check --explain: how it was read */
	enum hb_format format;
	const char *help_topic;		/* `help CMD` */
	const char *export_format;	/* export: "anki" */
	char **files;			/* dump: DIR|FILE... (borrowed argv) */
	int nfiles;
};

/* Parses argv into *o (argv is borrowed and must outlive o). On a usage
 * error prints "handbook: <reason>" and the usage to err, and returns
 * -1 (exit 2). */
int hb_cli_parse(struct hb_options *o, int argc, char **argv, FILE *err);
/* Prints the usage of cmd (HB_CMD_NONE: the overview). */
void hb_cli_usage(FILE *fp, enum hb_command cmd);
const char *hb_cli_command_name(enum hb_command cmd);

#endif
