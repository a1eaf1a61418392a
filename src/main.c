/* handbook: argv -> options -> hb_commands_run() -> exit code. */
#include <stdio.h>

#include "cli.h"
#include "commands.h"

int
main(int argc, char **argv)
{
	struct hb_options o;

	if (hb_cli_parse(&o, argc, argv, stderr) != 0)
		return 2;
	return hb_commands_run(&o);
}
