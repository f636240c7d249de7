/* state: prints what a refusal must leave as it was, for the tests'
 * store_state (tests/helper.bash): the content of a store's database
 * and every file and directory under some directories.  Two runs print
 * the same text exactly when nothing of it changed.
 *
 *   state [-d database] [directory ...]
 *
 * The database: its user_version, its schema (sqlite_schema, every
 * row), then every row of every table with its rowid, each value typed
 * and quoted as SQL writes it.  The files: one line each, sorted by
 * path: path, type, mode and owner, and for a regular file its size and
 * its modification time to the nanosecond (a file written again has
 * a new one).  SQLite's -wal and -shm files are left out (a program that only
 * reads may make them, and the last one to close removes them, without
 * a change to the store), and so are empty directories under objects/
 * (evidence-add makes its staging directory and an object's fan-out
 * directory as it goes, and a refused one removes what it put in them
 * but not them).
 *
 * One process instead of sqlite3, find and sort, each forked twice for
 * every refusal that a test checks. */
#include <dirent.h>
#include <ftw.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char **lines;
static size_t nlines, caplines;

static void
die(const char *what)
{
	fprintf(stderr, "state: %s\n", what);
	exit(2);
}

static void
print_value(sqlite3_stmt *s, int i)
{
	const unsigned char *p;
	int n;

	switch (sqlite3_column_type(s, i)) {
	case SQLITE_NULL:
		fputs("NULL", stdout);
		break;
	case SQLITE_INTEGER:
		printf("%lld", (long long)sqlite3_column_int64(s, i));
		break;
	case SQLITE_FLOAT:
		printf("%.17g", sqlite3_column_double(s, i));
		break;
	case SQLITE_BLOB:
		p = sqlite3_column_blob(s, i);
		n = sqlite3_column_bytes(s, i);
		fputs("X'", stdout);
		for (int k = 0; k < n; k++)
			printf("%02x", p[k]);
		putchar('\'');
		break;
	default:
		p = sqlite3_column_text(s, i);
		putchar('\'');
		for (; *p != '\0'; p++) {
			if (*p == '\'')
				putchar('\'');
			putchar(*p);
		}
		putchar('\'');
	}
}

/* Prints every row of the query, its values separated by commas. */
static void
print_rows(sqlite3 *db, const char *sql, const char *prefix)
{
	sqlite3_stmt *s;
	int rc;

	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(db));
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fputs(prefix, stdout);
		for (int i = 0; i < sqlite3_column_count(s); i++) {
			if (i > 0)
				putchar(',');
			print_value(s, i);
		}
		putchar('\n');
	}
	if (rc != SQLITE_DONE)
		die(sqlite3_errmsg(db));
	sqlite3_finalize(s);
}

/* A table's rows with their rowids, or in the order of its primary key
 * (a table WITHOUT ROWID is stored in that order). */
static void
print_table(sqlite3 *db, const char *name, const char *prefix)
{
	sqlite3_stmt *s;
	char *sql;

	sql = sqlite3_mprintf("SELECT rowid, * FROM \"%w\" ORDER BY rowid", name);
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK)
		sqlite3_finalize(s);
	else {
		sqlite3_free(sql);
		sql = sqlite3_mprintf("SELECT * FROM \"%w\"", name);
	}
	print_rows(db, sql, prefix);
	sqlite3_free(sql);
}

static void
print_database(const char *path)
{
	sqlite3_stmt *tables;
	sqlite3 *db;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(db));
	print_rows(db, "PRAGMA user_version", "user_version ");
	print_rows(db, "SELECT type, name, tbl_name, sql FROM sqlite_schema "
	    "ORDER BY type, name", "schema ");
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE "
	    "type = 'table' ORDER BY name", -1, &tables, NULL) != SQLITE_OK)
		die(sqlite3_errmsg(db));
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(tables, 0);
		char prefix[256];

		snprintf(prefix, sizeof prefix, "%s ", name);
		print_table(db, name, prefix);
	}
	sqlite3_finalize(tables);
	sqlite3_close(db);
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), t = strlen(tail);

	return n >= t && strcmp(s + n - t, tail) == 0;
}

static int
is_empty_dir(const char *path)
{
	struct dirent *e;
	int empty = 1;
	DIR *d;

	if ((d = opendir(path)) == NULL)
		return 0;
	while (empty && (e = readdir(d)) != NULL)
		empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
	closedir(d);
	return empty;
}

static char
type_letter(mode_t m)
{
	return S_ISDIR(m) ? 'd' : S_ISLNK(m) ? 'l' : S_ISFIFO(m) ? 'p' :
	    S_ISSOCK(m) ? 's' : S_ISBLK(m) ? 'b' : S_ISCHR(m) ? 'c' : '?';
}

static int
visit(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	struct passwd *pw;
	char owner[32], *line;
	int n;

	(void)ftw;
	if (ends_with(path, "-wal") || ends_with(path, "-shm"))
		return 0;
	if (type == FTW_D && strstr(path, "/objects/") != NULL &&
	    is_empty_dir(path))
		return 0;
	if ((pw = getpwuid(st->st_uid)) != NULL)
		snprintf(owner, sizeof owner, "%s", pw->pw_name);
	else
		snprintf(owner, sizeof owner, "%u", (unsigned)st->st_uid);
	if (S_ISREG(st->st_mode))
		n = asprintf(&line, "%s\tf\t%o\t%s\t%lld\t%lld.%09ld", path,
		    (unsigned)(st->st_mode & 07777), owner,
		    (long long)st->st_size, (long long)st->st_mtim.tv_sec,
		    st->st_mtim.tv_nsec);
	else
		n = asprintf(&line, "%s\t%c\t%o\t%s", path,
		    type_letter(st->st_mode),
		    (unsigned)(st->st_mode & 07777), owner);
	if (n < 0)
		die("out of memory");
	if (nlines == caplines) {
		caplines = caplines ? 2 * caplines : 256;
		if ((lines = realloc(lines, caplines * sizeof *lines)) == NULL)
			die("out of memory");
	}
	lines[nlines++] = line;
	return 0;
}

static int
by_path(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char *argv[])
{
	int ch;

	while ((ch = getopt(argc, argv, "d:")) != -1) {
		if (ch != 'd')
			die("usage: state [-d database] [directory ...]");
		print_database(optarg);
	}
	for (int i = optind; i < argc; i++)
		if (nftw(argv[i], visit, 16, FTW_PHYS) != 0)
			printf("%s\tmissing\n", argv[i]);
	qsort(lines, nlines, sizeof *lines, by_path);
	for (size_t i = 0; i < nlines; i++) {
		puts(lines[i]);
		free(lines[i]);
	}
	free(lines);
	return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2;
}
