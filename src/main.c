/* handbook: argv -> options -> hb_build_run() -> exit code. */
#include <stdio.h>

#include "build.h"
#include "cli.h"

int
main(int argc, char **argv)
{
	struct hb_options o;

	if (hb_cli_parse(&o, argc, argv, stderr) != 0)
		return 2;
	return hb_build_run(&o);
}
