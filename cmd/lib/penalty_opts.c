/* penalty_opts.c: the options of the structured decision (see
 * penalty_opts.h). */
#include <stdio.h>
#include <string.h>

#include "penalty_opts.h"

static void
amount(const struct ct_cli *cli, const char *opt, const char *arg,
    int64_t *fen)
{
	char msg[256];

	if (money_parse(arg, fen) != CT_OK || *fen <= 0) {
		snprintf(msg, sizeof msg, "%s takes an amount in yuan above 0, "
		    "as 5000 or 5000.50, not '%s'", opt, arg);
		cli_usage_error(cli, msg);
	}
}

int
penalty_option(const struct ct_cli *cli, int ch, const char *arg,
    struct ct_penalty *p)
{
	unsigned bit;

	switch (ch) {
	case OPT_PENALTY:
		if (ct_penalty_type(arg, &bit) != CT_OK)
			cli_usage_error(cli, ct_errmsg());
		p->types |= bit;
		return 1;
	case OPT_FINE:
		amount(cli, "--fine", arg, &p->fine);
		return 1;
	case OPT_CONFISCATION:
		amount(cli, "--confiscation", arg, &p->confiscation);
		return 1;
	case OPT_BASIS:
		p->basis = arg;
		return 1;
	case OPT_FACTS:
		p->facts = arg;
		return 1;
	case OPT_COMPLY:
		p->comply = arg;
		return 1;
	case OPT_COMPLY_BY:
		p->comply_by = arg;
		return 1;
	case OPT_MAJOR:
		p->major = 1;
		return 1;
	}
	return 0;
}

void
penalty_options_done(const struct ct_cli *cli, struct ct_penalty *p)
{
	if (ct_penalty_given(p) && ct_penalty_check(p) != CT_OK)
		cli_usage_error(cli, ct_errmsg());
}
