/* schema.c: the store's tables, one migration per schema version.  A
 * store is migrated forward on open; a store newer than this build is
 * refused rather than half-understood. */
#include "casetrail.h"
#include "internal.h"

/* A trigger that refuses every op (UPDATE or DELETE) on table: the
 * append-only guards.  IF NOT EXISTS, so that a set of them can be made
 * again over a store that has some. */
#define GUARD(name, op, table, why) "CREATE TRIGGER IF NOT EXISTS " name \
	" BEFORE " op " ON " table " BEGIN SELECT RAISE(ABORT, '" why "'); END;"
#define JOURNAL_GUARDS \
	GUARD("journal_no_update", "UPDATE", "journal", \
	    "the journal is append-only") \
	GUARD("journal_no_delete", "DELETE", "journal", \
	    "the journal is append-only") \
	GUARD("checkpoint_no_update", "UPDATE", "checkpoint", \
	    "checkpoints are append-only") \
	GUARD("checkpoint_no_delete", "DELETE", "checkpoint", \
	    "checkpoints are append-only")
#define KEY_GUARDS \
	GUARD("officer_key_no_update", "UPDATE", "officer_key", \
	    "keys are append-only") KEY_NO_DELETE

/* Version 1: officers, cases, evidence, the journal and its checkpoints.
 * State tables (officer, cases, ...) may change; every change to them is
 * one journal entry in the same transaction, and store-verify checks that
 * they agree with the journal.  The journal and the checkpoints are
 * append-only; the triggers make an accidental UPDATE or DELETE fail. */
static const char v1[] =
"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;"
"CREATE TABLE officer("
"  id TEXT PRIMARY KEY,"
"  name TEXT NOT NULL,"
"  credential TEXT NOT NULL,"
"  valid_from TEXT NOT NULL,"     /* local date, YYYY-MM-DD */
"  valid_until TEXT NOT NULL,"    /* the last valid day, local */
"  unix_user TEXT UNIQUE,"
"  revoked_at TEXT,"
"  revoked_reason TEXT,"
"  seq INTEGER NOT NULL"          /* the entry that added the officer */
") WITHOUT ROWID;"
"CREATE TABLE officer_role("
"  officer TEXT NOT NULL REFERENCES officer(id),"
"  role TEXT NOT NULL CHECK (role IN ('officer','reviewer','publisher',"
"    'archivist','admin')),"
"  PRIMARY KEY (officer, role)"
") WITHOUT ROWID;"
"CREATE TABLE cases("
"  id TEXT PRIMARY KEY,"          /* YYYY-NNNNNN: sorts by year, number */
"  type TEXT NOT NULL,"
"  title TEXT NOT NULL,"
"  party TEXT, party_kind TEXT, party_id TEXT, basis TEXT,"
"  status TEXT NOT NULL DEFAULT 'open'"
"    CHECK (status IN ('open','decided','closed','sealed')),"
"  stage TEXT NOT NULL DEFAULT 'filing',"
"  filed_at TEXT NOT NULL,"
"  decided_at TEXT,"
"  closed_at TEXT,"
"  flags INTEGER NOT NULL DEFAULT 0,"  /* entries missing audio/video */
"  seq INTEGER NOT NULL,"         /* the case-new entry */
"  last_seq INTEGER NOT NULL"     /* the case's newest entry */
") WITHOUT ROWID;"
"CREATE INDEX cases_status ON cases(status, filed_at);"
"CREATE TABLE case_handler("
"  case_id TEXT NOT NULL REFERENCES cases(id),"
"  officer TEXT NOT NULL REFERENCES officer(id),"
"  PRIMARY KEY (case_id, officer)"
") WITHOUT ROWID;"
"CREATE INDEX case_handler_officer ON case_handler(officer);"
"CREATE TABLE evidence("
"  id TEXT NOT NULL,"             /* lowercase hex SHA-256 of the bytes */
"  case_id TEXT NOT NULL REFERENCES cases(id),"
"  kind TEXT NOT NULL,"
"  name TEXT NOT NULL,"
"  size INTEGER NOT NULL,"
"  stage TEXT NOT NULL,"          /* the stage it was collected in */
"  collected_at TEXT,"            /* UTC, or NULL if not known */
"  location TEXT,"
"  officers TEXT NOT NULL,"       /* JSON array of collecting officers */
"  note TEXT,"
"  seq INTEGER NOT NULL,"         /* the evidence-add entry */
"  PRIMARY KEY (id, case_id)"
") WITHOUT ROWID;"
"CREATE INDEX evidence_case ON evidence(case_id);"
"CREATE TABLE journal("
"  seq INTEGER PRIMARY KEY,"
"  case_id TEXT,"                /* copies of the line's case, action and */
"  action TEXT NOT NULL,"         /* stage, for indexes and queries; */
"  stage TEXT,"                   /* store-verify checks they agree */
"  line TEXT NOT NULL,"           /* the canonical line, from json_object */
"  leaf BLOB NOT NULL,"           /* SHA-256(0x00 || line) */
"  nodes BLOB"                    /* the subtrees this leaf completes */
");"
"CREATE INDEX journal_case ON journal(case_id) WHERE case_id IS NOT NULL;"
"CREATE TABLE checkpoint("
"  size INTEGER PRIMARY KEY,"
"  root BLOB NOT NULL,"
"  at TEXT NOT NULL,"
"  officer TEXT NOT NULL,"
"  key_id TEXT,"
"  signature BLOB"
");"
JOURNAL_GUARDS;

/* Keys are never removed by a program; store-rebuild lifts this guard
 * inside its own transaction only (apply_empty). */
#define KEY_NO_DELETE GUARD("officer_key_no_delete", "DELETE", \
	"officer_key", "keys are append-only")

/* Version 2: officers' public keys.  A key is registered by an
 * officer-key entry and never removed: old checkpoints are checked with
 * the key their officer had then. */
static const char v2[] =
"CREATE TABLE officer_key("
"  key_id TEXT PRIMARY KEY,"      /* hex of SHA-256(public_key), 8 bytes */
"  officer TEXT NOT NULL REFERENCES officer(id),"
"  public_key BLOB NOT NULL,"     /* raw Ed25519, 32 bytes */
"  seq INTEGER NOT NULL"          /* the officer-key entry */
") WITHOUT ROWID;"
"CREATE INDEX officer_key_officer ON officer_key(officer, seq);"
KEY_GUARDS;

/* Version 3: signed checkpoints say when they were signed (a "time"
 * line in the note, checkpoint.c).  Those of a store from before were
 * signed without it, and are checked as they were signed. */
static const char v3[] =
"INSERT INTO meta(key, value) SELECT 'checkpoint_time_since', "
"  ifnull(max(size), 0) FROM checkpoint;";

/* Version 4: officers' data changes (officer-update, officer-restore),
 * and an entry is judged by the officer's data at its time.  The officer
 * row holds his data now; officer_credential every credential he was
 * issued, the current one too, so that a step recorded late is judged by
 * the credential of its day; officer_restore each revocation that a
 * restore ended, so that no step is dated inside it.  A credential is
 * withdrawn by the first revocation after it was issued.  A store from
 * before has one credential per officer and no restore. */
static const char v4[] =
"CREATE TABLE officer_credential("
"  officer TEXT NOT NULL REFERENCES officer(id),"
"  credential TEXT NOT NULL,"
"  valid_from TEXT NOT NULL,"     /* local dates, inclusive */
"  valid_until TEXT NOT NULL,"
"  seq INTEGER NOT NULL,"         /* the entry that issued it */
"  PRIMARY KEY (officer, seq)"
") WITHOUT ROWID;"
"CREATE TABLE officer_restore("
"  officer TEXT NOT NULL REFERENCES officer(id),"
"  revoked_at TEXT NOT NULL,"     /* UTC: the revocation it ended */
"  restored_at TEXT NOT NULL,"    /* UTC */
"  seq INTEGER NOT NULL,"         /* the officer-restore entry */
"  PRIMARY KEY (officer, seq)"
") WITHOUT ROWID;"
"INSERT INTO officer_credential(officer, credential, valid_from, "
"  valid_until, seq) SELECT id, credential, valid_from, valid_until, seq "
"  FROM officer;";

/* Version 5: the settings on the record.  A conf entry records the text
 * of casetrail.conf when a writer finds it changed; each is a row here,
 * the last one the text in force, found with one lookup. */
static const char v5[] =
"CREATE TABLE conf("
"  seq INTEGER PRIMARY KEY,"      /* the conf entry */
"  sha256 TEXT NOT NULL"          /* of its text, lowercase hex */
");";

/* Version 6: the refs of imported entries (casetrail-formats(5)), each
 * the source system's ID of the record, once per case: derived from the
 * entries that have one (apply.c), so that the check of an import line
 * is one lookup and an entry without a ref costs nothing.  A store from
 * before has none, but the rows are made from its journal all the same:
 * the migration is whole without that knowledge. */
static const char v6[] =
"CREATE TABLE case_ref("
"  case_id TEXT NOT NULL REFERENCES cases(id),"
"  ref TEXT NOT NULL,"
"  seq INTEGER NOT NULL,"         /* the entry that has it */
"  PRIMARY KEY (case_id, ref)"
") WITHOUT ROWID;"
"INSERT INTO case_ref(case_id, ref, seq) SELECT case_id, "
"  line->>'$.body.ref', seq FROM journal WHERE case_id IS NOT NULL AND "
"  line->>'$.body.ref' IS NOT NULL;";

/* Version 7: random-draw (双随机一公开).  The commitments of each task
 * (a seed's SHA-256, or a public value named, with the lists if they
 * were fixed), its draws, each with its result as the entry has it, and
 * the draws the rules refused: all derived from their entries (apply.c).
 * A task's rows are found by their key: an index made here would come
 * after the guards that store-rebuild makes again, and its dump would
 * differ. */
static const char v7[] =
"CREATE TABLE draw_commit("
"  task TEXT NOT NULL,"
"  seq INTEGER NOT NULL,"         /* the draw-commit entry */
"  seed_sha256 TEXT,"             /* lowercase hex, or NULL for: */
"  public_value TEXT,"            /* a public value named in advance */
"  targets_sha256 TEXT,"          /* the lists committed, or NULL */
"  inspectors_sha256 TEXT,"
"  PRIMARY KEY (task, seq)"
") WITHOUT ROWID;"
"CREATE TABLE draw("
"  task TEXT NOT NULL,"
"  seq INTEGER NOT NULL,"         /* the draw entry */
"  seed TEXT NOT NULL,"
"  commit_seq INTEGER NOT NULL,"  /* the commitment it matched */
"  targets_sha256 TEXT NOT NULL,"
"  inspectors_sha256 TEXT NOT NULL,"
"  params TEXT NOT NULL,"         /* canonical, as hashed (random-draw(1)) */
"  redraw_reason TEXT,"
"  result TEXT NOT NULL,"         /* JSON: the targets and inspectors */
"  PRIMARY KEY (task, seq)"
") WITHOUT ROWID;"
"CREATE TABLE draw_attempt("
"  seq INTEGER PRIMARY KEY,"      /* the draw-attempt entry */
"  task TEXT NOT NULL,"
"  reason TEXT NOT NULL"          /* why the draw was refused */
");";

/* Version 8 (issue 15, the structured decision): the role head
 * (行政机关负责人, art. 57) joins the roles an officer may hold, and the
 * document numbers (文号) that decisions are given, one row each, made
 * from their entries (apply.c): per kind and year a serial from 1 on,
 * never two alike. */
static const char v8[] =
"CREATE TABLE officer_role_8("
"  officer TEXT NOT NULL REFERENCES officer(id),"
"  role TEXT NOT NULL CHECK (role IN ('officer','reviewer','publisher',"
"    'archivist','admin','head')),"
"  PRIMARY KEY (officer, role)"
") WITHOUT ROWID;"
"INSERT INTO officer_role_8 SELECT officer, role FROM officer_role;"
"DROP TABLE officer_role;"
"ALTER TABLE officer_role_8 RENAME TO officer_role;"
"CREATE TABLE doc_number("
"  number TEXT PRIMARY KEY,"      /* as the pattern made it */
"  kind TEXT NOT NULL,"           /* penalty: a penalty decision */
"  year INTEGER NOT NULL,"        /* local year it was recorded in */
"  serial INTEGER NOT NULL,"      /* from 1, per kind and year */
"  case_id TEXT NOT NULL REFERENCES cases(id),"
"  seq INTEGER NOT NULL,"         /* the entry that has it */
"  UNIQUE (kind, year, serial)"
") WITHOUT ROWID;";

/* Version 9 (issue 15, legal review): the legal professional
 * qualification numbers (法律职业资格) of officers, one row for each
 * entry that records one (officer-add, officer-update), made from it
 * (apply.c); the officer's number is his newest.  A reviewer holds one
 * from the entry that gives him the role (casetrail(7)); those added
 * before, up to qualification_since, were added without, and are
 * checked as they were added. */
static const char v9[] =
"CREATE TABLE officer_qualification("
"  seq INTEGER PRIMARY KEY,"      /* the entry that records it */
"  officer TEXT NOT NULL REFERENCES officer(id),"
"  number TEXT NOT NULL"
");"
"INSERT INTO officer_qualification(seq, officer, number) SELECT seq, "
"  line->>'$.body.id', line->>'$.body.qualification' FROM journal WHERE "
"  action IN ('officer-add','officer-update') AND "
"  line->>'$.body.qualification' IS NOT NULL;"
"INSERT INTO meta(key, value) SELECT 'qualification_since', "
"  ifnull(max(seq), 0) FROM journal;";

/* Version 10 (issue 15, legal review): the reviews, one row for each
 * review-submit entry, its ID the entry's number; review-decide entries
 * and later submissions change its state (apply.c), and store-verify
 * checks it against the journal (verify_review.c). */
static const char v10[] =
"CREATE TABLE review("
"  id INTEGER PRIMARY KEY,"       /* the review-submit entry */
"  case_id TEXT NOT NULL REFERENCES cases(id),"
"  draft TEXT NOT NULL,"          /* SHA-256 of the draft, hex */
"  submitted_at TEXT NOT NULL,"   /* UTC */
"  due TEXT NOT NULL,"            /* local date, deadline.review */
"  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending',"
"    'approved','rejected','returned','transferred','superseded')),"
"  reviewer TEXT,"                /* who decided it */
"  decided_seq INTEGER,"          /* the review-decide entry */
"  UNIQUE (case_id, id)"          /* a case's reviews, by its index: no
				   * CREATE INDEX, which store-rebuild's
				   * guards would come before in a dump */
");";

/* Version 11 (issue 16, publicity): what each publish entry published,
 * a row per case and entry, with its local date and the last day it
 * stays published; and each withdrawal, with its public reason.  Both
 * made from their entries (apply.c). */
static const char v11[] =
"CREATE TABLE publication("
"  case_id TEXT NOT NULL REFERENCES cases(id),"
"  seq INTEGER NOT NULL,"         /* the publish entry */
"  doc_number TEXT,"              /* as published: the removal's */
"  published TEXT NOT NULL,"      /* local date, YYYY-MM-DD */
"  ends TEXT NOT NULL,"           /* the last day it stays published */
"  PRIMARY KEY (case_id, seq)"
") WITHOUT ROWID;"
"CREATE TABLE withdrawal("
"  seq INTEGER PRIMARY KEY,"      /* the withdraw entry */
"  case_id TEXT NOT NULL REFERENCES cases(id),"
"  because TEXT NOT NULL,"        /* changed revoked unlawful void */
"  reason TEXT NOT NULL,"         /* the public reason */
"  day TEXT NOT NULL"             /* local date */
");";

/* Version 12 (issue 16, publicity of the lists): each publish-list
 * entry, with the kind of list it published (officers, powers,
 * inspections), its local date and how many items it held; made from
 * its entry (apply.c).  The items themselves are in the entry. */
static const char v12[] =
"CREATE TABLE publicity("
"  seq INTEGER PRIMARY KEY,"      /* the publish-list entry */
"  kind TEXT NOT NULL,"
"  published TEXT NOT NULL,"      /* local date, YYYY-MM-DD */
"  items INTEGER NOT NULL"
");";

/* Version 13 (issue 18, archiving): the seals, one row for each
 * archive-seal entry, made from it (apply.c): the archive's hash, size
 * and format, the retention the agency's table gave (保管期限) and the
 * archive number (档号), unique, that archive-list lists.  Entries from
 * before their fields have the retention unset and no number. */
static const char v13[] =
"CREATE TABLE seal("
"  case_id TEXT PRIMARY KEY REFERENCES cases(id),"
"  seq INTEGER NOT NULL,"         /* the archive-seal entry */
"  sealed_at TEXT NOT NULL,"      /* UTC */
"  sha256 TEXT NOT NULL,"         /* of the archive file, hex */
"  bytes INTEGER NOT NULL,"
"  format TEXT NOT NULL,"         /* tar, tar.gz or zip */
"  retention TEXT NOT NULL,"      /* permanent 30y 10y unset */
"  archive_no TEXT UNIQUE"        /* FONDS-YEAR-CODE-NNNN, or NULL */
") WITHOUT ROWID;"
"INSERT INTO seal SELECT case_id, seq, line->>'$.body.at', "
"  line->>'$.body.sha256', line->>'$.body.bytes', line->>'$.body.format', "
"  ifnull(line->>'$.body.retention', 'unset'), "
"  line->>'$.body.archive_no' FROM journal WHERE action = 'archive-seal';";

/* Every guard, made again where it is missing (store-rebuild). */
const char schema_guards[] = JOURNAL_GUARDS KEY_GUARDS;

const char *const schema_steps[] = {
	v1,
	v2,
	v3,
	v4,
	v5,
	v6,
	v7,
	v8,
	v9,
	v10,
	v11,
	v12,
	v13,
};

const int schema_version = sizeof schema_steps / sizeof schema_steps[0];
