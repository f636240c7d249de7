/* draw.h: random-draw, "two random, one public" (双随机一公开): the
 * lists (draw_list.c), the draw itself, a pure function of the lists'
 * hashes, the seed and the parameters (draw.c), its rules, which the
 * writer and store-verify's replay share (draw_rules.c), and its record
 * in the journal (draw_record.c).  random-draw(1) documents the lists,
 * the algorithm and the entries precisely enough to re-implement the
 * check; the programs see the ct_draw_ calls and the structs. */
#ifndef CASETRAIL_DRAW_H
#define CASETRAIL_DRAW_H

#include <stddef.h>
#include <stdint.h>

#include "casetrail.h"

struct ct_store;

enum {
	DRAW_CLASSES = 4,       /* risk classes A to D */
	DRAW_PER_TARGET_MAX = 16,  /* inspectors a target: a case's handlers */
	DRAW_ID_MAX = 64,       /* bytes of a target ID */
	DRAW_NAME_MAX = 256,    /* bytes of a target's name */
	DRAW_TASK_MAX = 128,    /* bytes of a task's name */
	DRAW_SEED_MAX = 256     /* bytes of a seed */
};

/* One line of a targets list; the strings point into the list's text. */
struct draw_target {
	const char *id, *name;
	int cls;                /* 0 to 3 for A to D; 0 in an unclassed list */
	const char *recused;    /* officer IDs separated by commas, or "" */
	long line;
};

/* A targets list and an inspectors list as read, with their hashes. */
struct draw_lists {
	struct draw_target *t;
	size_t nt;
	const char **insp;      /* officer IDs, in the file's order */
	size_t ni;
	int classed;            /* the targets have a class column */
	char targets_sha256[65], inspectors_sha256[65];
	char *tbuf, *ibuf;      /* the texts, which the fields point into */
};

/* Parses a targets list of n bytes (name for messages) into l, keeping
 * text (malloc'd) as l->tbuf: CT_OK, or CT_USAGE naming the line.  The
 * format is random-draw(1)'s, TARGETS. */
int draw_targets_parse(struct draw_lists *l, char *text, size_t n,
    const char *name);
/* The same for an inspectors list, into l->insp (l->ibuf). */
int draw_inspectors_parse(struct draw_lists *l, char *text, size_t n,
    const char *name);
/* Reads both files (path "-" is not allowed: a list is a file whose
 * hash is published) and parses them into l. */
int ct_draw_lists_read(struct draw_lists *l, const char *targets,
    const char *inspectors);
void ct_draw_lists_free(struct draw_lists *l);
/* Whether officer is in the comma-separated list recused. */
int draw_recused(const char *recused, const char *officer);

/* How many are drawn: count from each class, or a percentage of each
 * class (ratio[c], -1: that class is not drawn from). */
struct draw_params {
	int per_target;         /* distinct inspectors per target */
	long count;             /* -n; -1 for a ratio */
	int ratio[DRAW_CLASSES];
	int ratio_all;          /* --ratio PCT: one ratio for every class */
	char text[128];         /* the canonical text, hashed into the draw */
};

/* Parses -n COUNT (count, NULL if not given) or --ratio (ratio) and
 * --per-target into p, with its canonical text.  CT_OK or CT_USAGE. */
int ct_draw_params(struct draw_params *p, const char *count,
    const char *ratio, int per_target);
/* The parameters of a recorded draw, from their canonical text. */
int draw_params_parse(struct draw_params *p, const char *text);
/* The number drawn from a class of size targets under p. */
long draw_quota(const struct draw_params *p, int cls, long size);

/* A draw: the targets drawn, in the order of the draw, and for each its
 * inspectors (per_target indexes into the inspectors list). */
struct draw_result {
	size_t *pick;           /* indexes into the targets list */
	size_t npick;
	size_t *who;            /* npick * per_target indexes */
	int per_target;
	long class_size[DRAW_CLASSES];
};

/* The draw of random-draw(1), ALGORITHM.  CT_OK; CT_NO, naming the
 * constraint, when it cannot be made (too few targets in a class, too
 * few inspectors free of a target's recusals); CT_SYSTEM. */
int draw_run(const struct draw_lists *l, const char *seed,
    const struct draw_params *p, struct draw_result *r);
void draw_result_free(struct draw_result *r);

/* The 32-bit words of the draw's stream, from SHA-256 blocks in counter
 * mode, and numbers below n from them without modulo bias. */
struct draw_stream;
int draw_stream_open(struct draw_stream **s, const char *seed,
    const char *targets_sha256, const char *inspectors_sha256,
    const char *params);
uint32_t draw_stream_below(struct draw_stream *s, uint32_t n);
void draw_stream_close(struct draw_stream *s);

/* draw_rules.c: the rules of a draw, pure, for the writer and the
 * replay.  What the task's state is when a draw is made: */
struct draw_task_state {
	int64_t commit_seq;             /* its last commitment, or 0 */
	char seed_sha256[65];           /* ... of a seed, or "" */
	int public_value;               /* ... of a public value named */
	char targets_sha256[65];        /* ... with the lists, or "" */
	char inspectors_sha256[65];
	int64_t drawn_seq;              /* its last draw, or 0 */
};
/* A draw with seed (SHA-256 seed_sha256) of lists with these hashes,
 * redraw_reason "" or NULL for a first draw, is allowed by the task's
 * state: a commitment, the seed's, made before it, with the same lists
 * if it named them; a second draw only with a reason.  CT_OK or
 * CT_REFUSED. */
int rule_draw(const char *task, const struct draw_task_state *t,
    const char *seed_sha256, const char *targets_sha256,
    const char *inspectors_sha256, const char *redraw_reason);
/* A task's name: 1 to DRAW_TASK_MAX bytes of UTF-8, no control
 * character.  A seed the same, up to DRAW_SEED_MAX.  CT_USAGE. */
int draw_task_check(const char *task);
int draw_seed_check(const char *seed);
/* Any other text of a draw (a reason, a public value named): 1 to 1,024
 * bytes of UTF-8, no control character.  CT_USAGE naming what. */
int draw_text_check(const char *what, const char *s);
/* The SHA-256 of text, in lowercase hex. */
void draw_sha256(const char *text, size_t n, char hex[65]);

/* draw_record.c: the writes. */
struct draw_request {
	const char *task;
	const char *seed;               /* NULL for a commitment */
	const char *public_value;       /* a commitment to a public value */
	const struct draw_lists *lists; /* NULL: a commitment without them */
	const struct draw_params *params;
	const char *redraw_reason;      /* --redraw --reason */
	int open_cases;
};
/* Records a commitment for task: the SHA-256 of a fresh seed, which goes
 * to seed (65 bytes, hex), or the public value named.  One transaction. */
int ct_draw_commit(struct ct_store *st, const struct draw_request *q,
    char seed[65]);
/* Makes the draw of q and records it, with the cases it opens; *seq gets
 * its entry and case_ids (npick * 16 bytes, or NULL) the cases.  A draw
 * the rules refuse is CT_REFUSED, and its attempt is recorded; one that
 * cannot be made, CT_NO, records nothing. */
int ct_draw_record(struct ct_store *st, const struct draw_request *q,
    struct draw_result *r, int64_t *seq, char **case_ids);
/* A dry run: the draw of q, checked and made, recorded nowhere. */
int ct_draw_dry(struct ct_store *st, const struct draw_request *q,
    struct draw_result *r);
/* Whether two JSON texts are the same value: *same 1 or 0. */
int ct_draw_same_json(struct ct_store *st, const char *a, const char *b,
    int *same);
/* A recorded draw of task (its last), as recorded: *seq its entry, 0 if
 * there is none; the seed, params text and lists' hashes into the
 * malloc'd strings; result the JSON array of its rows. */
struct draw_recorded {
	int64_t seq;
	char *seed, *params, *targets_sha256, *inspectors_sha256, *result;
	int per_target;
};
int ct_draw_find(struct ct_store *st, const char *task,
    struct draw_recorded *d);
void ct_draw_recorded_free(struct draw_recorded *d);
/* The JSON array of the rows of result r over lists l (the draw entry's
 * "result"), malloc'd into *json. */
int draw_result_json(const struct draw_lists *l, const struct draw_result *r,
    char **json);

#endif
