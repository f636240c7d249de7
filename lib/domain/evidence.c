/* evidence.c: evidence items of cases: the checks, the evidence-add
 * entry and its row, the lists.  The objects themselves are object.c's. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "apply.h"
#include "object.h"

#define NAME_MAX_BYTES 255
#define PATH_MAX_BYTES 1024
#define NOTE_MAX (64 * 1024)
#define LOCATION_MAX 1024

int
evidence_name_check(const char *name)
{
	size_t n = strlen(name);
	int rc;

	if (n == 0)
		return ct_fail(CT_USAGE, "evidence name is empty");
	if (!utf8_valid(name, n))
		return ct_fail(CT_USAGE, "evidence name is not valid UTF-8");
	if ((rc = utf8_check_field("evidence name", name, n, NAME_MAX_BYTES,
	    0)))
		return rc;
	if (strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return ct_fail(CT_USAGE, "bad evidence name '%s' (a file name, "
		    "without '/')", name);
	return CT_OK;
}

int
evidence_path_check(const char *path)
{
	char part[NAME_MAX_BYTES + 2];
	const char *p = path, *slash;
	size_t n;
	int rc;

	if (strlen(path) > PATH_MAX_BYTES)
		return ct_fail(CT_USAGE, "evidence name is longer than %d "
		    "bytes: %.64s...", PATH_MAX_BYTES, path);
	for (;;) {
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
		if (n > NAME_MAX_BYTES)
			return ct_fail(CT_USAGE, "a name in '%s' is longer than "
			    "%d bytes", path, NAME_MAX_BYTES);
		memcpy(part, p, n);
		part[n] = '\0';
		if ((rc = evidence_name_check(part)))
			return rc;
		if (slash == NULL)
			return CT_OK;
		p = slash + 1;
	}
}

/* evidence_check, also giving the case's current stage (>= 16 bytes). */
static int
check_new(struct ct_store *st, const struct evidence_new *e, char *stage)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = case_id_check(e->case_id)))
		return rc;
	if (e->kind != NULL && (rc = rule_evidence_kind(e->kind)))
		return rc;
	if (e->stage != NULL && !word_in(e->stage, vocab_stages))
		return ct_fail(CT_USAGE, "unknown stage '%s' (stages: %s)",
		    e->stage, vocab_stages);
	if ((e->name != NULL && (rc = e->name_is_path ?
	    evidence_path_check(e->name) : evidence_name_check(e->name))) ||
	    (e->note != NULL && (rc = utf8_check_field("note", e->note,
	    strlen(e->note), NOTE_MAX, 1))) ||
	    (e->location != NULL && (rc = utf8_check_field("location",
	    e->location, strlen(e->location), LOCATION_MAX, 0))))
		return rc;
	if (e->collected_at > time_now() + 300)
		return ct_fail(CT_USAGE, "collection time is in the future");
	if ((s = store_stmt(st, SLOT_CASE_STATE, CASE_STATE_SQL)) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, e->case_id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return ct_fail_sqlite(st->db, "cannot read the case");
		return ct_fail(CT_NOTFOUND, "cannot find case '%s'", e->case_id);
	}
	snprintf(stage, 16, "%s", sqlite3_column_text(s, 0));
	rc = rule_case_accepts(e->case_id, (const char *)sqlite3_column_text(s,
	    1), action_find("evidence-add"));
	sqlite3_reset(s);
	if (rc)
		return rc;
	if ((rc = officer_check_list(st, e->officers, e->nofficers)))
		return rc;
	/* The collection is the action: who records and who collected
	 * hold credentials valid then. */
	return rules_entry(st, action_find("evidence-add"), e->collected_at ? e->collected_at :
	    time_now(), e->officers, e->nofficers);
}

int
evidence_check(struct ct_store *st, const struct evidence_new *e)
{
	char stage[16];

	return check_new(st, e, stage);
}

/* 1 if the bound query s finds an evidence row, 0 if not, -1 (message)
 * on failure. */
static int
evidence_found(struct ct_store *st, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ct_fail_sqlite(st->db, "cannot read evidence");
		return -1;
	}
	return rc == SQLITE_ROW;
}

int
evidence_in_case(struct ct_store *st, const char *id, const char *case_id)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_EVIDENCE_CASE_SEQ, "SELECT name "
	    "FROM evidence WHERE id = ? AND case_id = ?");

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, case_id, -1, SQLITE_STATIC);
	return evidence_found(st, s);
}

int
evidence_has_row(struct ct_store *st, const char *id)
{
	sqlite3_stmt *s = store_stmt(st, SLOT_EVIDENCE_HAS, "SELECT 1 FROM "
	    "evidence WHERE id = ?");

	if (s == NULL)
		return -1;
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	return evidence_found(st, s);
}

static int
by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The names in objects/tmp/ of the staged objects ours, sorted, *k of
 * them; NULL if there are none (or no memory: their locks keep them). */
static const char **
names_of(const struct evidence_obj *ours, int n, size_t *k)
{
	const char **names;

	*k = 0;
	if (n == 0 || (names = malloc((size_t)n * sizeof *names)) == NULL)
		return NULL;
	for (int i = 0; i < n; i++)
		if (ours[i].tmp != NULL)
			names[(*k)++] = strrchr(ours[i].tmp, '/') + 1;
	qsort(names, *k, sizeof *names, by_name);
	return names;
}

int
evidence_clean(struct ct_store *st, const struct evidence_obj *ours,
    int nours, int *removed)
{
	char dir[4096], path[4400], final[4400], id[2 * CT_HASH + 1];
	struct stat sb, fb;
	struct dirent *d;
	const char **mine, *name;
	size_t nmine;
	DIR *dp;
	int fd, rc = CT_OK;

	if (removed != NULL)
		*removed = 0;
	mine = names_of(ours, nours, &nmine);
	snprintf(dir, sizeof dir, "%s/objects/tmp", st->dir);
	if ((dp = opendir(dir)) == NULL) {
		free(mine);
		return errno == ENOENT ? CT_OK : ct_fail(CT_SYSTEM,
		    "cannot read %s: %s", dir, strerror(errno));
	}
	while ((d = readdir(dp)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		/* The caller's own are not opened to find them locked: a
		 * card's thousand files would be a thousand opens. */
		name = d->d_name;
		if (mine != NULL && bsearch(&name, mine, nmine,
		    sizeof *mine, by_name) != NULL)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, d->d_name);
		fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		if (fd < 0)
			continue;
		/* A live writer holds the lock on its file. */
		if (flock(fd, LOCK_EX | LOCK_NB) != 0 || fstat(fd, &sb) != 0) {
			close(fd);
			continue;
		}
		if (obj_temp_named(d->d_name)) {
			memcpy(id, d->d_name, 2 * CT_HASH);
			id[2 * CT_HASH] = '\0';
			obj_path(st, id, final, sizeof final);
			/* Linked by a writer that died before its commit. */
			if (stat(final, &fb) == 0 && fb.st_ino == sb.st_ino &&
			    fb.st_dev == sb.st_dev) {
				int there = evidence_has_row(st, id);

				if (there < 0) {
					close(fd);
					rc = CT_SYSTEM;
					break;
				}
				if (!there)
					unlink(final);
			}
		}
		if (unlink(path) == 0 && removed != NULL)
			(*removed)++;
		close(fd);
	}
	closedir(dp);
	free(mine);
	return rc;
}

/* The body of an evidence-add entry: its stage only if given, and where
 * its collection time came from only if it is not the time given
 * (casetrail-formats(5)). */
#define JSON_HEAD "json_object('id',?7,'name',?8,'kind',?9,'size',?10,"
#define JSON_STAGE "'stage',?11,"
#define JSON_AT "'collected_at',?12,"
#define JSON_MTIME "'collected_from','mtime',"
#define JSON_TAIL "'location',?13,'officers',json(?14),'note',?15)"

/* The evidence-add entry seq, appended: its row, and its case's newest
 * entry. */
static int
evidence_apply(struct ct_store *st, const char *case_id, int64_t seq)
{
	const struct action *a = action_find("evidence-add");
	struct case_log_batch b = { 0 };
	int rc;

	if ((rc = apply_entry(st, a, seq)) ||
	    (rc = case_touch_entry(st, &b, case_id, a, NULL, st->now, 0,
	    seq))) {
		case_log_batch_free(&b);
		return rc;
	}
	return case_log_flush(st, &b);
}

int
evidence_add(struct ct_store *st, struct evidence_obj *o,
    const struct evidence_new *e)
{
	char stage[16];
	int rc;

	if ((rc = check_new(st, e, stage)))
		return rc;
	return evidence_add_checked(st, o, e, stage);
}

int
evidence_check_stage(struct ct_store *st, const struct evidence_new *e,
    char stage[16])
{
	return check_new(st, e, stage);
}

int
evidence_add_checked(struct ct_store *st, struct evidence_obj *o,
    const struct evidence_new *e, const char *stage)
{
	char officers[1200], collected[21];
	const char *kind = e->kind ? e->kind : o->kind;
	sqlite3_stmt *s;
	int64_t seq;
	int rc, shape = (e->stage != NULL) | (e->collected_mtime ? 2 : 0);
	static const char *const bodies[4] = {
		JSON_HEAD JSON_AT JSON_TAIL,
		JSON_HEAD JSON_STAGE JSON_AT JSON_TAIL,
		JSON_HEAD JSON_AT JSON_MTIME JSON_TAIL,
		JSON_HEAD JSON_STAGE JSON_AT JSON_MTIME JSON_TAIL,
	};

	if (o->fd < 0 || kind == NULL)
		return ct_fail(CT_SYSTEM, "evidence was not staged");
	if ((rc = json_words(e->officers, e->nofficers, officers,
	    sizeof officers)))
		return rc;
	if (e->name == NULL)
		return ct_fail(CT_USAGE, "evidence name is empty");
	if ((s = store_stmt(st, SLOT_EVIDENCE_CASE_SEQ, "SELECT name FROM "
	    "evidence WHERE id = ? AND case_id = ?")) == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 1, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, e->case_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		rc = ct_fail(CT_REFUSED, "case '%s' already has this content as "
		    "evidence %s ('%s')", e->case_id, o->id,
		    sqlite3_column_text(s, 0));
		sqlite3_reset(s);
		return rc;
	}
	sqlite3_reset(s);
	/* The object lasts under its name before the entry can commit. */
	if ((rc = obj_link(st, o)))
		return rc;
	if (e->collected_at != 0)
		time_utc(e->collected_at, collected);

	s = journal_prepare(st, SLOT_JOURNAL_EVIDENCE + shape, bodies[shape]);
	if (s == NULL)
		return CT_SYSTEM;
	sqlite3_bind_text(s, 4, e->case_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, "evidence-add", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, stage, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, o->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, e->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 10, (sqlite3_int64)o->size);
	if (e->stage != NULL)
		sqlite3_bind_text(s, 11, e->stage, -1, SQLITE_STATIC);
	if (e->collected_at != 0)
		sqlite3_bind_text(s, 12, collected, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 13, e->location, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 14, officers, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 15, e->note, -1, SQLITE_STATIC);
	if ((rc = journal_step(st, s, &seq)))
		return rc;

	return evidence_apply(st, e->case_id, seq);
}

int
evidence_list(struct ct_store *st, const char *case_id,
    int (*fn)(const struct evidence_row *, void *), void *ctx)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = case_id_check(case_id)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM cases WHERE id = ?", -1,
	    &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read cases");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? ct_fail(CT_NOTFOUND, "cannot find case "
		    "'%s'", case_id) : ct_fail_sqlite(st->db, "cannot read cases");
	if (sqlite3_prepare_v2(st->db, "SELECT e.id, e.case_id, e.name, e.kind, "
	    "e.size, e.stage, ct_local(e.collected_at), j.line->>'$.officer', "
	    "e.officers, e.location, e.note, e.seq FROM evidence e LEFT JOIN "
	    "journal j ON j.seq = e.seq WHERE e.case_id = ? ORDER BY e.seq",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	sqlite3_bind_text(s, 1, case_id, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct evidence_row r = {
			.id = (const char *)sqlite3_column_text(s, 0),
			.case_id = (const char *)sqlite3_column_text(s, 1),
			.name = (const char *)sqlite3_column_text(s, 2),
			.kind = (const char *)sqlite3_column_text(s, 3),
			.size = sqlite3_column_int64(s, 4),
			.stage = (const char *)sqlite3_column_text(s, 5),
			.collected_at = (const char *)sqlite3_column_text(s, 6),
			.officer = (const char *)sqlite3_column_text(s, 7),
			.officers = (const char *)sqlite3_column_text(s, 8),
			.location = (const char *)sqlite3_column_text(s, 9),
			.note = (const char *)sqlite3_column_text(s, 10),
			.seq = sqlite3_column_int64(s, 11),
		};

		if ((rc = fn(&r, ctx)) != CT_OK) {
			sqlite3_finalize(s);
			return rc;
		}
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	return CT_OK;
}

int
evidence_open(struct ct_store *st, const char *id, int *fd, uint64_t *size)
{
	char path[4400];
	sqlite3_stmt *s;
	struct stat sb;
	int64_t want;
	int rc;

	*fd = -1;
	if ((rc = evidence_id_check(id)))
		return rc;
	if (sqlite3_prepare_v2(st->db, "SELECT max(size) FROM evidence WHERE "
	    "id = ?", -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read evidence");
	sqlite3_bind_text(s, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail_sqlite(st->db, "cannot read evidence");
	}
	rc = sqlite3_column_type(s, 0) == SQLITE_NULL;
	want = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	if (rc)
		return ct_fail(CT_NOTFOUND, "cannot find evidence '%s'", id);
	obj_path(st, id, path, sizeof path);
	if ((*fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		if (errno == ENOENT)
			return ct_fail(CT_NO, "object %s is missing", id);
		return ct_fail(CT_SYSTEM, "cannot open %s: %s", path,
		    strerror(errno));
	}
	if (fstat(*fd, &sb) != 0 || !S_ISREG(sb.st_mode) ||
	    sb.st_size != want) {
		close(*fd);
		*fd = -1;
		return ct_fail(CT_NO, "object %s was altered: %lld bytes, %lld "
		    "recorded", id, (long long)sb.st_size, (long long)want);
	}
	*size = (uint64_t)sb.st_size;
	return CT_OK;
}
