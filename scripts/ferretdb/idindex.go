package main

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
	"sync"
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
	idExpression   = `_ferretdb_sjson->'$._id'`
	idIndexSuffix  = "_rrb_id"
	metadataTable  = "_ferretdb_collections"
	pollInterval   = 200 * time.Millisecond
	sqliteFileExt  = ".sqlite"
	sqliteOpenArgs = "?_pragma=busy_timeout(10000)&_pragma=journal_mode(wal)"
)

// idIndexer keeps one connection per database file and, on every pass, indexes the collection
// tables that lack the index: one query of FerretDB's metadata against SQLite's schema, so a
// collection (or a whole database) dropped and created again is indexed again too.
type idIndexer struct {
	dir string
	mu  sync.Mutex
	dbs map[string]*openFile
}

// openFile is a connection to one database file, and which file it opened: a database dropped
// and created again under the same name is another file, and gets a new connection.
type openFile struct {
	db   *sql.DB
	info os.FileInfo
}

func newIDIndexer(dir string) *idIndexer {
	return &idIndexer{dir: dir, dbs: map[string]*openFile{}}
}

// run indexes new tables until ctx ends. New collections are seen within one poll interval;
// until then their lookups scan, which costs nothing while they are small.
func (x *idIndexer) run(ctx context.Context) {
	ticker := time.NewTicker(pollInterval)
	defer ticker.Stop()
	for {
		if err := x.pass(ctx); err != nil && ctx.Err() == nil {
			log.Printf("ferretdb-local: id indexer: %v", err)
		}
		select {
		case <-ctx.Done():
			x.close()
			return
		case <-ticker.C:
		}
	}
}

func (x *idIndexer) close() {
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, open := range x.dbs {
		_ = open.db.Close()
	}
}

func (x *idIndexer) pass(ctx context.Context) error {
	files, err := filepath.Glob(filepath.Join(x.dir, "*"+sqliteFileExt))
	if err != nil {
		return err
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for file, open := range x.dbs {
		if info, err := os.Stat(file); err != nil || !os.SameFile(info, open.info) { // dropped (and maybe created again)
			_ = open.db.Close()
			delete(x.dbs, file)
		}
	}
	for _, file := range files {
		if err := x.indexFile(ctx, file); err != nil {
			return fmt.Errorf("%s: %w", filepath.Base(file), err)
		}
	}
	return nil
}

func (x *idIndexer) indexFile(ctx context.Context, file string) error {
	open := x.dbs[file]
	if open == nil {
		info, err := os.Stat(file)
		if err != nil { // dropped meanwhile
			return nil
		}
		db, err := sql.Open("sqlite", "file:"+file+sqliteOpenArgs)
		if err != nil {
			return err
		}
		db.SetMaxOpenConns(1)
		open = &openFile{db: db, info: info}
		x.dbs[file] = open
	}
	tables, err := unindexedTables(ctx, open.db)
	if err != nil {
		return err
	}
	for _, table := range tables {
		q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %q ON %q (%s)`, table+idIndexSuffix, table, idExpression)
		if _, err := open.db.ExecContext(ctx, q); err != nil {
			if strings.Contains(err.Error(), "no such table") { // dropped meanwhile
				continue
			}
			return err
		}
	}
	return nil
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
