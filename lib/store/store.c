/* store.c: opening, creating and migrating a store; write transactions. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/rand.h>

#include "casetrail.h"
#include "internal.h"

int
store_schema_version(void)
{
	return schema_version;
}

char *
store_path(const char *dir)
{
	const char *env = env_get(ENV_STORE), *base;
	char *path = NULL;

	if (dir != NULL && *dir != '\0')
		return strdup(dir);
	if (env != NULL && *env != '\0')
		return strdup(env);
	if ((base = env_get(ENV_DATA_HOME)) != NULL && *base == '/') {
		if (asprintf(&path, "%s/casetrail", base) < 0)
			path = NULL;
	} else if ((base = env_get(ENV_HOME)) != NULL && *base != '\0') {
		if (asprintf(&path, "%s/.local/share/casetrail", base) < 0)
			path = NULL;
	} else {
		ct_fail(CT_USAGE, "no store: set HOME, CASETRAIL_STORE or -S");
		return NULL;
	}
	if (path == NULL)
		ct_fail(CT_SYSTEM, "out of memory");
	return path;
}

/* mkdir -p of the directories above path, with the caller's umask: they
 * are not the store's (the store's own is made by open_dir). */
static int
make_parents(const char *path)
{
	char *p = strdup(path), *s;
	size_t n;

	if (p == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	for (n = strlen(p); n > 1 && p[n - 1] == '/'; n--)
		p[n - 1] = '\0';
	if ((s = strrchr(p, '/')) != NULL)
		s[1] = '\0';
	for (s = strchr(p + 1, '/'); s != NULL; s = strchr(s + 1, '/')) {
		*s = '\0';
		if (mkdir(p, 0777) != 0 && errno != EEXIST) {
			int e = errno;

			free(p);
			return ct_fail(CT_SYSTEM, "cannot create %s: %s",
			    path, strerror(e));
		}
		*s = '/';
	}
	free(p);
	return CT_OK;
}

/* Writes a whole small file durably: temporary name, fsync, rename;
 * with the store's file mode from the start. */
static int
write_file(const char *dir, const char *name, const char *text, mode_t mode)
{
	char tmp[4096], path[4096];
	size_t n = strlen(text);
	int fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s/.%s.%ld", dir, name, (long)getpid());
	if ((fd = open_mode(tmp, O_WRONLY | O_TRUNC, mode)) < 0)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", tmp,
		    strerror(errno));
	if (write(fd, text, n) != (ssize_t)n || fsync(fd) != 0) {
		int e = errno;

		close(fd);
		unlink(tmp);
		return ct_fail(CT_SYSTEM, "cannot write %s: %s", tmp,
		    strerror(e));
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		int e = errno;

		unlink(tmp);
		return ct_fail(CT_SYSTEM, "cannot rename %s: %s", tmp,
		    strerror(e));
	}
	return CT_OK;
}

int
store_exec(struct ct_store *st, const char *sql, const char *doing)
{
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, doing);
	return CT_OK;
}

static int
user_version(struct ct_store *st, int *v)
{
	sqlite3_stmt *s;

	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL))
		return ct_fail_sqlite(st->db, "cannot read the store");
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_finalize(s);
		return ct_fail_sqlite(st->db, "cannot read the store");
	}
	*v = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	return CT_OK;
}

/* Records in a new store the group it is shared with, by name, which
 * the library reads to make every file group-writable. */
static int
record_shared(struct ct_store *st, const char *group)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "INSERT INTO meta VALUES ('shared', ?)",
	    -1, &s, NULL) != SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot create the store");
	sqlite3_bind_text(s, 1, group, -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? CT_OK :
	    ct_fail_sqlite(st->db, "cannot create the store");
	sqlite3_finalize(s);
	return rc;
}

/* Brings the schema from version `from` to the current one, in one
 * transaction taken with BEGIN IMMEDIATE, so that of two processes that
 * both find an old store only one migrates. */
static int
migrate(struct ct_store *st, const char *group)
{
	unsigned char id[8];
	char hex[17], sql[256];
	int v = 0, rc;

	if ((rc = store_exec(st, "BEGIN IMMEDIATE", "cannot migrate the store")))
		return rc;
	if ((rc = user_version(st, &v)))
		goto fail;
	for (; v < schema_version; v++) {
		if ((rc = store_exec(st, schema_steps[v],
		    "cannot migrate the store")))
			goto fail;
		if (v == 0) {
			/* A new store: its identity names its checkpoints. */
			if (RAND_bytes(id, sizeof id) != 1) {
				rc = ct_fail(CT_SYSTEM, "no randomness");
				goto fail;
			}
			snprintf(sql, sizeof sql, "INSERT INTO meta VALUES"
			    "('store-id','%s'),('origin','casetrail/%s')",
			    hex_encode(id, sizeof id, hex), hex);
			rc = store_exec(st, sql, "cannot create the store");
			if (rc == CT_OK && group != NULL)
				rc = record_shared(st, group);
			if (rc != CT_OK)
				goto fail;
		}
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version=%d", schema_version);
	if ((rc = store_exec(st, sql, "cannot migrate the store")) ||
	    (rc = store_exec(st, "COMMIT", "cannot migrate the store")))
		goto fail;
	return CT_OK;
fail:
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* From the meta table: the origin line of the store's checkpoints,
 * "casetrail/<store id>", whether the store is shared, and from which
 * size on its checkpoints sign their time (schema.c, version 3). */
static int
read_meta(struct ct_store *st)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT key, value FROM meta WHERE key "
	    "IN ('origin', 'shared', 'checkpoint_time_since', "
	    "'qualification_since')", -1, &s, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot read the store");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (strcmp(sql_text(s, 0), "shared") == 0)
			st->shared = 1;
		else if (strcmp(sql_text(s, 0), "checkpoint_time_since") == 0)
			st->cp_time_since = (uint64_t)sqlite3_column_int64(s, 1);
		else if (strcmp(sql_text(s, 0), "qualification_since") == 0)
			st->qualification_since = sqlite3_column_int64(s, 1);
		else
			snprintf(st->origin, sizeof st->origin, "%s",
			    sql_text(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return ct_fail_sqlite(st->db, "cannot read the store");
	if (st->origin[0] == '\0')
		return ct_fail(CT_SYSTEM, "corrupt store: no origin");
	return CT_OK;
}

/* Returns 1 if the directory at path holds nothing (or cannot be read). */
static int
dir_is_empty(const char *path)
{
	DIR *dp = opendir(path);
	struct dirent *d;
	int empty = 1;

	while (empty && dp != NULL && (d = readdir(dp)) != NULL)
		empty = strcmp(d->d_name, ".") == 0 ||
		    strcmp(d->d_name, "..") == 0;
	if (dp != NULL)
		closedir(dp);
	return empty;
}

/* A new private store's directory and empty store.db, made before SQLite
 * opens it: SQLite would make the file with the umask's mode. */
static int
make_private(struct ct_store *st, const char *db, int dir_there)
{
	int fd, rc;

	if (!dir_there && ((rc = make_parents(st->dir)) ||
	    (mkdir_mode(st->dir, 0700) != 0 && errno != EEXIST)))
		return rc ? rc : ct_fail(CT_SYSTEM, "cannot create %s: %s",
		    st->dir, strerror(errno));
	/* An empty directory that was there becomes the store's, as
	 * private; one that holds other files keeps its mode, which is not
	 * the store's to change (store-verify warns of it). */
	if (dir_there && dir_is_empty(st->dir) && chmod(st->dir, 0700) != 0)
		return ct_fail(CT_SYSTEM, "cannot make %s private: %s", st->dir,
		    strerror(errno));
	if ((fd = open_mode(db, O_RDWR | O_EXCL, 0600)) < 0 && errno != EEXIST)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", db,
		    strerror(errno));
	if (fd >= 0)
		close(fd);
	return CT_OK;
}

/* The store's directory and store.db: there, or made for STORE_WRITE;
 * *fresh says whether store.db has yet to be given its schema (missing,
 * or made empty by store_create). */
static int
open_dir(struct ct_store *st, int mode, int *fresh)
{
	char path[4096];
	struct stat sb;
	int there, missing;

	if (!(there = stat(st->dir, &sb) == 0) && errno != ENOENT)
		return ct_fail(CT_SYSTEM, "cannot open store %s: %s", st->dir,
		    strerror(errno));
	if (there && !S_ISDIR(sb.st_mode))
		return ct_fail(CT_SYSTEM, "store %s is not a directory",
		    st->dir);
	snprintf(path, sizeof path, "%s/store.db", st->dir);
	/* A store shared with a group the caller is not in is not there
	 * for him, but not missing either. */
	if (!(missing = !there) && stat(path, &sb) != 0) {
		if (errno != ENOENT)
			return store_denied(st->dir, path, errno);
		missing = 1;
	}
	/* SQLite makes store.db-wal and -shm with the umask's mode and only
	 * then gives them store.db's: for that instant another member of a
	 * shared store's group is refused them ("unable to open database
	 * file").  A database its group may write is used with no group bit
	 * in the umask, so that they are the group's from the start. */
	if (!missing && (sb.st_mode & 0060) == 0060)
		umask(umask(0) & ~(mode_t)070);
	if ((*fresh = missing || sb.st_size == 0) && mode != STORE_WRITE)
		return ct_fail(CT_NOTFOUND, "no store at %s (officer-add "
		    "creates one)", st->dir);
	if (there && mode == STORE_WRITE && access(st->dir, W_OK) != 0)
		return ct_fail(CT_SYSTEM, "store %s is read-only", st->dir);
	return missing ? make_private(st, path, there) : CT_OK;
}

/* The connection to store.db, set up as every program needs it. */
static int
open_db(struct ct_store *st, int mode, int fresh)
{
	const char *busy = env_get(ENV_BUSY_TIMEOUT);
	char path[4096];
	int rc;

	snprintf(path, sizeof path, "%s/store.db", st->dir);
	/* One connection per process and one thread per connection: the
	 * library's own mutexes would only cost. */
	if (sqlite3_open_v2(path, &st->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX | (mode == STORE_WRITE ? SQLITE_OPEN_CREATE : 0),
	    NULL) != SQLITE_OK) {
		if (access(path, R_OK) != 0 && errno == EACCES)
			return store_denied(st->dir, path, EACCES);
		return ct_fail(CT_SYSTEM, "cannot open %s: %s", path,
		    st->db ? sqlite3_errmsg(st->db) : "out of memory");
	}
	if (mode == STORE_WRITE && sqlite3_db_readonly(st->db, "main") == 1)
		return ct_fail(CT_SYSTEM, "store %s is read-only", st->dir);
	sqlite3_busy_timeout(st->db, busy && atoi(busy) > 0 ? atoi(busy) :
	    30000);
	sqlite3_extended_result_codes(st->db, 0);
	/* 16 KiB pages: a bulk import writes a quarter of the pages (and of
	 * the WAL frames) that 4 KiB pages take, and a single entry still
	 * commits in a few pages.  Fixed when the store is made. */
	if (fresh && (rc = store_exec(st, "PRAGMA page_size="
	    CT_STR(STORE_PAGE_SIZE) ";PRAGMA journal_mode=WAL",
	    "cannot create the store")))
		return rc;
	/* Foreign keys on, by the API: a PRAGMA would be one more
	 * statement to compile at every start. */
	if (sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, NULL) !=
	    SQLITE_OK)
		return ct_fail_sqlite(st->db, "cannot open the store");
	return CT_OK;
}

/* The schema this build writes: a newer one refused, an older one
 * migrated by a writer. */
static int
open_schema(struct ct_store *st, int mode, const char *group)
{
	int rc, v = 0;

	if ((rc = user_version(st, &v)))
		return rc;
	if (v > schema_version)
		return ct_fail(CT_SYSTEM, "store %s has schema version %d, newer "
		    "than this casetrail's %d: upgrade casetrail", st->dir, v,
		    schema_version);
	if (v == schema_version)
		return CT_OK;
	if (mode != STORE_WRITE && v > 0)
		return ct_fail(CT_SYSTEM, "store %s has the old schema version "
		    "%d: run a writing program to migrate it", st->dir, v);
	if (v == 0 && mode != STORE_WRITE)
		return ct_fail(CT_NOTFOUND, "no store at %s (officer-add "
		    "creates one)", st->dir);
	return migrate(st, group);
}

/* casetrail.conf (written with every key for a new store) and objects/,
 * made with the store's modes. */
static int
open_files(struct ct_store *st, int mode)
{
	char path[4096];
	int rc;

	snprintf(path, sizeof path, "%s/casetrail.conf", st->dir);
	if (access(path, F_OK) != 0 && mode == STORE_WRITE &&
	    (rc = write_file(st->dir, "casetrail.conf", conf_template(),
	    store_file_mode(st))))
		return rc;
	snprintf(path, sizeof path, "%s/objects", st->dir);
	if (mode == STORE_WRITE && mkdir_mode(path, store_dir_mode(st)) != 0 &&
	    errno != EEXIST)
		return ct_fail(CT_SYSTEM, "cannot create %s: %s", path,
		    strerror(errno));
	snprintf(path, sizeof path, "%s/casetrail.conf", st->dir);
	if ((rc = conf_load(&st->conf, path)))
		return rc;
	return time_set_zone(st->conf.timezone ? st->conf.timezone :
	    "Asia/Shanghai");
}

int
store_open(struct ct_store **out, const char *dir, int mode)
{
	return store_open_as(out, dir, mode, NULL);
}

int
store_open_as(struct ct_store **out, const char *dir, int mode,
    const char *group)
{
	struct ct_store *st;
	int rc, fresh = 0;

	*out = NULL;
	/* No allocation statistics: they take a mutex on every malloc.
	 * Refused (harmlessly) once the library is initialized. */
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	page_cache_init();
	if ((st = calloc(1, sizeof *st)) == NULL)
		return ct_fail(CT_SYSTEM, "out of memory");
	conf_defaults(&st->conf);
	if ((st->dir = store_path(dir)) == NULL)
		rc = CT_USAGE;
	else if ((rc = open_dir(st, mode, &fresh)) == CT_OK &&
	    (rc = open_db(st, mode, fresh)) == CT_OK &&
	    (rc = open_schema(st, mode, group)) == CT_OK &&
	    (rc = read_meta(st)) == CT_OK)
		rc = open_files(st, mode);
	if (rc != CT_OK) {
		store_close(st);
		return rc;
	}
	sqlfn_register(st);
	*out = st;
	return CT_OK;
}

void
store_close(struct ct_store *st)
{
	if (st == NULL)
		return;
	/* An open transaction is rolled back with the connection. */
	for (size_t i = 0; i < sizeof st->stmt_cache / sizeof st->stmt_cache[0];
	    i++)
		sqlite3_finalize(st->stmt_cache[i]);
	sqlite3_close(st->db);
	key_free(&st->key);
	/* The credentials' history, as cred_free (rules.c) frees it. */
	for (size_t i = 0; i < st->ncreds; i++) {
		free(st->creds[i].past);
		free(st->creds[i].gaps);
	}
	free(st->creds);
	conf_free(&st->conf);
	free(st->dir);
	free(st);
}

sqlite3_stmt *
store_stmt(struct ct_store *st, int slot, const char *sql)
{
	sqlite3_stmt **s = &st->stmt_cache[slot];

	if (*s == NULL) {
		if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
		    s, NULL) != SQLITE_OK) {
			ct_fail_sqlite(st->db, "cannot prepare a query");
			*s = NULL;
			return NULL;
		}
	} else {
		sqlite3_reset(*s);
		sqlite3_clear_bindings(*s);
	}
	return *s;
}

/* A bulk import's pages reach the WAL as the page cache spills them, and
 * the commit's fsync would then wait for all of them at once.  Every so
 * many lines the kernel is told to start writing them out, without
 * waiting, so that the disk works while the import goes on.  Only a
 * hint: a WAL that cannot be opened is left alone. */
int
store_wal_fd(struct ct_store *st)
{
	char path[4096];

	snprintf(path, sizeof path, "%s/store.db-wal", st->dir);
	return open(path, O_RDONLY | O_CLOEXEC);
}

void
store_wal_writeback(int fd)
{
	if (fd >= 0)
		(void)sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}
