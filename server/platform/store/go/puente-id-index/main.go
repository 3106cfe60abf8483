// Command puente-id-index lets FerretDB 1.24 serve `_id` look-ups on SQLite from an index.
//
// FerretDB creates each collection's unique `_id` index on the expression
// `_ferretdb_sjson->"_id"`, but its pushed-down `_id` filter compares `_ferretdb_sjson->'$._id'`,
// so SQLite never uses that index and every look-up scans the table (docs/store-concurrency.md).
// This adds, beside FerretDB's own, a plain index on exactly the expression the filter uses, for
// every collection table FerretDB lists in its metadata. It changes no row and no FerretDB
// metadata: FerretDB does not list the index and drops it with its table.
//
// Usage: puente-id-index <directory of FerretDB's *.sqlite files>
// Prints one JSON line per table: {"database", "table", "created"}.
//
// Puente builds this inside FerretDB's module source (server/store/ferretdbBinary.ts), so it uses
// the same SQLite driver and version as the FerretDB it serves.
package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite"
)

// The expression FerretDB's SQLite backend filters `_id` on (metadata.IDColumn in FerretDB 1.24).
const idPath = `_ferretdb_sjson->'$._id'`

// Index names never start with a table's name, so they cannot meet FerretDB's (`<table>_<name>`).
const indexPrefix = "puente_id_path_"

type report struct {
	Database string `json:"database"`
	Table    string `json:"table"`
	Created  bool   `json:"created"`
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: puente-id-index <directory of FerretDB's *.sqlite files>")
		os.Exit(2)
	}
	files, err := filepath.Glob(filepath.Join(os.Args[1], "*.sqlite"))
	if err != nil {
		fail(err)
	}
	out := json.NewEncoder(os.Stdout)
	for _, file := range files {
		reports, err := indexDatabase(file)
		if err != nil {
			fail(fmt.Errorf("%s: %w", file, err))
		}
		for _, r := range reports {
			if err := out.Encode(r); err != nil {
				fail(err)
			}
		}
	}
}

func indexDatabase(file string) ([]report, error) {
	// FerretDB holds the same file open: wait for its writes rather than fail.
	db, err := sql.Open("sqlite", "file:"+file+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)

	var hasMetadata int
	if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '_ferretdb_collections'`).Scan(&hasMetadata); err != nil {
		return nil, err
	}
	if hasMetadata == 0 {
		return nil, nil
	}
	rows, err := db.Query(`SELECT table_name FROM "_ferretdb_collections"`)
	if err != nil {
		return nil, err
	}
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return nil, err
		}
		tables = append(tables, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	database := strings.TrimSuffix(filepath.Base(file), ".sqlite")
	var reports []report
	for _, table := range tables {
		name := indexPrefix + table
		var exists int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = ?`, name).Scan(&exists); err != nil {
			return nil, err
		}
		if exists == 0 {
			q := fmt.Sprintf(`CREATE INDEX IF NOT EXISTS %s ON %s (%s)`, quote(name), quote(table), idPath)
			if _, err := db.Exec(q); err != nil {
				// The table went (the collection was dropped) between the listing and now.
				if strings.Contains(err.Error(), "no such table") {
					continue
				}
				return nil, err
			}
		}
		reports = append(reports, report{Database: database, Table: table, Created: exists == 0})
	}
	return reports, nil
}

// quote makes an SQLite identifier of s.
func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "puente-id-index:", err)
	os.Exit(1)
}
