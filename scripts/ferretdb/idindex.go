package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the SQLite driver FerretDB itself uses
)

// FerretDB v1's SQLite backend answers a `{_id: X}` filter (and the `_id` lookups behind every
// update and delete) with `WHERE _ferretdb_sjson->'$._id' = ?`, but the unique index it creates
// for `_id` is on `_ferretdb_sjson->"_id"`. SQLite matches index expressions by their text, so it
// never uses that index and every lookup scans the whole table (measured: 115–313 ms at 30,000
// documents). The id indexer gives every collection table an index on exactly the queried
// expression, so those lookups take a B-tree probe whatever the table holds.
const (
	idExpression  = `_ferretdb_sjson->'$._id'`
	idIndexSuffix = "_rrb_id"
	metadataTable = "_ferretdb_collections"
	sqliteFileExt = ".sqlite"
	// No journal_mode pragma: FerretDB puts each new database file in WAL mode as it creates it,
	// and a second connection asking for WAL at that moment made FerretDB's own switch fail with
	// "database is locked" (both wanted the exclusive lock). The indexer only opens files FerretDB
	// has written (begun), which are in WAL mode already and keep it.
	sqliteOpenArgs = "?_pragma=busy_timeout(10000)"
	// minPageSize is SQLite's smallest page: a file FerretDB has begun holds at least page 1.
	minPageSize = 512
)

// idIndexer indexes, on every pass, the collection tables that lack the index: one query of
// FerretDB's metadata against SQLite's schema per database file, so a collection (or a whole
// database) dropped and created again is indexed again too. Each pass opens its connections and
// closes them before it ends, so a dropped database is held open only when the drop meets a pass
// (about one drop in 300 at the 200 ms default). Such a drop leaves the file's -wal and -shm
// behind; a database created again under that name starts empty, discards them and removes
// them when it closes (checked with SQLite: the old tables are not seen).
type idIndexer struct {
	dir  string
	poll time.Duration
	// openArgs add the launcher's synchronous setting: at SQLite's default (full) each CREATE
	// INDEX waits for two fsyncs while it holds the database's write lock.
	openArgs string
}

func newIDIndexer(dir string, poll time.Duration, synchronous string) *idIndexer {
	return &idIndexer{dir: dir, poll: poll, openArgs: sqliteOpenArgs + "&_pragma=synchronous(" + synchronous + ")"}
}

// run indexes new tables until ctx ends. New collections are seen within one poll interval;
// until then their lookups scan, which costs nothing while they are small.
func (x *idIndexer) run(ctx context.Context) {
	ticker := time.NewTicker(x.poll)
	defer ticker.Stop()
	for {
		if err := x.pass(ctx); err != nil && ctx.Err() == nil {
			log.Printf("ferretdb-local: id indexer: %v", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
	}
}

func (x *idIndexer) pass(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(x.dir, "*"+sqliteFileExt))
	if err != nil {
		return err
	}
	// A file that fails does not keep the files after it from being indexed.
	var failed []error
	for _, file := range files {
		if err := x.indexFile(ctx, file); err != nil {
			failed = append(failed, fmt.Errorf("%s: %w", filepath.Base(file), err))
		}
	}
	return errors.Join(failed...)
}

func (x *idIndexer) indexFile(ctx context.Context, file string) error {
	if !begun(file) { // dropped meanwhile, or FerretDB has only just created it: the next pass
		return nil
	}
	// mode=rw: a database dropped meanwhile is not created again (empty) by this open.
	db, err := sql.Open("sqlite", "file:"+file+x.openArgs+"&mode=rw")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	tables, err := unindexedTables(ctx, db)
	if err != nil {
		if _, statErr := os.Stat(file); statErr != nil { // dropped meanwhile
			return nil
		}
		return err
	}
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+idIndexSuffix, table, idExpression)
		if _, err := db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") { // dropped meanwhile
				continue
			}
			return err
		}
	}
	return nil
}

// begun tells whether FerretDB has written a database file's first page, which it does when it
// switches the new file to WAL mode: until then the file is empty (seen in 200 creations: always
// empty or already in WAL mode). It looks at the size only. Opening the file itself (to read its
// header, say) and closing it would drop every POSIX lock this process holds on it, FerretDB's
// included; another process's connection would then take itself for the last one and delete the
// -wal file FerretDB still writes to, losing acknowledged writes.
func begun(file string) bool {
	info, err := os.Stat(file)
	return err == nil && info.Size() >= minPageSize
}

// unindexedTables lists the tables of FerretDB's collections in one database file that have no
// id index yet.
func unindexedTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, fmt.Sprintf(
		`SELECT c.table_name FROM %q c WHERE NOT EXISTS (
			SELECT 1 FROM sqlite_master m WHERE m.type = 'index' AND m.name = c.table_name || ?)`,
		metadataTable,
	), idIndexSuffix)
	if err != nil {
		if strings.Contains(err.Error(), "no such table") { // the file is being created
			return nil, nil
		}
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var table string
		if err := rows.Scan(&table); err != nil {
			return nil, err
		}
		tables = append(tables, table)
	}
	return tables, rows.Err()
}

// explainIDLookup prints SQLite's plan for FerretDB's `_id` lookup on one collection, so a test
// can check that the index is used.
func explainIDLookup(dir, dbName, collection string) error {
	file := filepath.Join(dir, dbName+sqliteFileExt)
	db, err := sql.Open("sqlite", "file:"+file+sqliteOpenArgs)
	if err != nil {
		return err
	}
	defer db.Close()
	var table string
	q := fmt.Sprintf(`SELECT table_name FROM %q WHERE name = ?`, metadataTable)
	if err := db.QueryRow(q, collection).Scan(&table); err != nil {
		return fmt.Errorf("collection %s.%s: %w", dbName, collection, err)
	}
	rows, err := db.Query(
		fmt.Sprintf(`EXPLAIN QUERY PLAN SELECT _ferretdb_sjson FROM %q WHERE %s = ?`, table, idExpression),
		`"x"`,
	)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, parent, notUsed int
		var detail string
		if err := rows.Scan(&id, &parent, &notUsed, &detail); err != nil {
			return err
		}
		fmt.Println(detail)
	}
	return rows.Err()
}
