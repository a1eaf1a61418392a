/* Commands (see commands.c): options -> the stages -> exit code. */
#ifndef HB_COMMANDS_H
#define HB_COMMANDS_H

struct hb_options;

/* Runs the command in o and returns the process exit code (0 ok,
 * 1 content errors, 2 usage or config errors, 3 I/O or internal). */
int hb_commands_run(const struct hb_options *o);

#endif
