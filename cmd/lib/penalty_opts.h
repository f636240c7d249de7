/* penalty_opts.h: the options of the structured decision (case-log(1)),
 * one parser for every program that takes a draft decision: case-log
 * --action notice|approval|decision now, review-submit later. */
#ifndef PENALTY_OPTS_H
#define PENALTY_OPTS_H

#include "cli.h"

enum { OPT_PENALTY = 1300, OPT_FINE, OPT_CONFISCATION, OPT_BASIS,
    OPT_FACTS, OPT_COMPLY, OPT_COMPLY_BY, OPT_MAJOR };

/* Its long options, for a program's table, and their --help lines. */
#define PENALTY_LONG \
	{ "penalty", required_argument, NULL, OPT_PENALTY }, \
	{ "fine", required_argument, NULL, OPT_FINE }, \
	{ "confiscation", required_argument, NULL, OPT_CONFISCATION }, \
	{ "basis", required_argument, NULL, OPT_BASIS }, \
	{ "facts", required_argument, NULL, OPT_FACTS }, \
	{ "comply", required_argument, NULL, OPT_COMPLY }, \
	{ "comply-by", required_argument, NULL, OPT_COMPLY_BY }, \
	{ "major", no_argument, NULL, OPT_MAJOR }
#define PENALTY_HELP \
	{ "--penalty=TYPE", "a penalty imposed (see casetrail(7))" }, \
	{ "--fine=YUAN", "the fine, in yuan" }, \
	{ "--confiscation=YUAN", "the amount confiscated, in yuan" }, \
	{ "--basis=TEXT", "the legal basis of the penalty" }, \
	{ "--facts=TEXT", "the facts found" }, \
	{ "--comply=TEXT", "how the party is to comply" }, \
	{ "--comply-by=DATE", "by when, YYYY-MM-DD" }, \
	{ "--major", "major by public interest or complexity" }

/* Takes option ch with its argument into p: 1 if it was one of these, 0
 * if not.  A bad type or amount is a usage error (exit 2). */
int penalty_option(const struct ct_cli *cli, int ch, const char *arg,
    struct ct_penalty *p);
/* Completes and checks p after the options (ct_penalty_check): a usage
 * error if it does not hold. */
void penalty_options_done(const struct ct_cli *cli, struct ct_penalty *p);

#endif
