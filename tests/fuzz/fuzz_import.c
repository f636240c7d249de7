/* fuzz_import: the import line parser of case-log --import (JSON Lines and
 * TSV), through import_entries over the input as a file.  Each input runs
 * in a transaction on a real store that is rolled back, so every input
 * meets the same store: two officers, an open case and a closed one. */
#include <ftw.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ct_store *st;
static char dir[4096];
static uint64_t size_before;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_import: %s: %s\n", what, ct_errmsg());
	abort();
}

static int
remove_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static void
cleanup(void)
{
	store_close(st);
	st = NULL;
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *tmp = getenv("TMPDIR");
	struct officer_new li = { .id = "li.ming", .name = "李明",
	    .credential = "执法证 14010020260001", .valid_from = "2025-11-25",
	    .valid_until = "2031-11-25", .roles = { "officer", "reviewer" },
	    .nroles = 2, .qualification = "A20191100001234" };
	struct officer_new wang = { .id = "wang.fang", .name = "王芳",
	    .credential = "执法证 14010020260002", .valid_from = "2025-11-25",
	    .valid_until = "2031-11-25", .roles = { "officer" }, .nroles = 1 };
	struct case_new open_case = { .type = "penalty",
	    .title = "某超市销售过期食品案", .party = "大同市某某超市有限公司",
	    .party_kind = "org", .party_id = "91140200MA0XXXXX1T",
	    .basis = "《中华人民共和国食品安全法》第一百二十四条" };
	struct case_new closed_case = { .type = "inspection",
	    .title = "某餐馆卫生检查", .party = "张三", .party_kind = "person",
	    .handlers = { "li.ming", "wang.fang" }, .nhandlers = 2 };
	struct case_log_batch b = { 0 };
	struct case_entry closing = { 0 };
	char id[16];
	time_t now;

	(void)argc;
	(void)argv;
	/* A fixed clock: the seed corpus's times are in the past of it, and
	 * case IDs are of its year. */
	setenv("CASETRAIL_NOW", "2026-11-25 09:30", 1);
	snprintf(dir, sizeof dir, "%s/casetrail-fuzz-XXXXXX",
	    tmp && *tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		abort();
	atexit(cleanup);
	if (store_open(&st, dir, STORE_WRITE) != CT_OK)
		die("store_open");
	now = time_now();
	open_case.filed_at = now - 60 * 86400;
	closed_case.filed_at = now - 30 * 86400;
	if (store_begin(st) != CT_OK || officer_add(st, &li) != CT_OK)
		die("officer_add");
	snprintf(st->actor, sizeof st->actor, "%s", "li.ming");
	if (officer_add(st, &wang) != CT_OK ||
	    case_create(st, &open_case, id) != CT_OK ||
	    case_create(st, &closed_case, id) != CT_OK)
		die("case_create");
	closing.case_id = id;
	closing.action = "closing";
	closing.text = "检查完毕，结案。";
	closing.at = now - 86400;
	if (case_log(st, &b, &closing, NULL) != CT_OK ||
	    case_log_flush(st, &b) != CT_OK || store_commit(st) != CT_OK)
		die("case_log");
	if (journal_size(st, &size_before) != CT_OK)
		die("journal_size");
	return 0;
}

/* What one import of the input did. */
struct outcome {
	int rc;
	struct import_stats stats;
	unsigned char root[CT_HASH];  /* of the tree with its entries */
	char msg[1024];
};

static void
import_once(const uint8_t *data, size_t size, int batch, struct outcome *o)
{
	uint64_t after;
	char *copy;
	FILE *fp;

	if ((copy = malloc(size)) == NULL)
		abort();
	memcpy(copy, data, size);
	if ((fp = fmemopen(copy, size, "r")) == NULL)
		abort();
	if (store_begin(st) != CT_OK)
		die("store_begin");
	import_batch = batch;
	o->rc = import_entries(st, fp, "fuzz", IMPORT_LINES, &o->stats);
	snprintf(o->msg, sizeof o->msg, "%s", o->rc ? ct_errmsg() : "");
	merkle_root(&st->tree, o->root);
	/* Bad input is a usage error, a refusal or a thing not found, never
	 * a system error; and the message names the input and its line. */
	if (o->rc != CT_OK && o->rc != CT_USAGE && o->rc != CT_REFUSED &&
	    o->rc != CT_NOTFOUND)
		die("import_entries");
	if (o->rc != CT_OK && strncmp(o->msg, "fuzz:", 5) != 0)
		die("import_entries");
	if (o->rc == CT_OK && o->stats.entries > o->stats.lines)
		abort();
	store_rollback(st);
	fclose(fp);
	free(copy);
	/* Nothing of it stays. */
	if (journal_size(st, &after) != CT_OK || after != size_before)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct outcome batched, single;

	if (size == 0)
		return 0;
	/* JSON lines parsed a batch at a time, and one at a time: the same
	 * entries, the same error, the same message. */
	import_once(data, size, 1, &batched);
	import_once(data, size, 0, &single);
	if (getenv("FUZZ_VERBOSE") != NULL)     /* to see what seeds do */
		fprintf(stderr, "import: %d, %llu entries: %s\n", batched.rc,
		    (unsigned long long)batched.stats.entries, batched.msg);
	if (batched.rc != single.rc || strcmp(batched.msg, single.msg) != 0 ||
	    batched.stats.entries != single.stats.entries ||
	    batched.stats.flagged != single.stats.flagged ||
	    (batched.rc == CT_OK &&
	    memcmp(batched.root, single.root, CT_HASH) != 0)) {
		fprintf(stderr, "fuzz_import: batched %d '%s', line by line "
		    "%d '%s'\n", batched.rc, batched.msg, single.rc, single.msg);
		abort();
	}
	return 0;
}
