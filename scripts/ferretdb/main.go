// Command ferretdb-local runs FerretDB v1 with its embedded SQLite backend for local
// development and tests. It exists because `go install` of FerretDB's own command panics at
// start (its version file is not part of the module), while the embeddable package works.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", "", "directory for the SQLite databases (created if missing)")
	explain := flag.String("explain-id-lookup", "", "print SQLite's plan for an _id lookup on DB.COLLECTION, then exit")
	synchronous := flag.String("synchronous", "normal", "SQLite's synchronous setting: normal or full (see below)")
	indexPoll := flag.Duration("id-index-poll", 200*time.Millisecond, "how often the id indexer looks for new collections (tests shorten it to meet FerretDB's database creation)")
	stallAfter := flag.Duration("stall-after", 1500*time.Millisecond, "log every goroutine's stack when FerretDB has not answered a ping for this long (0: no watchdog)")
	holdLock := flag.String("hold-write-lock", "", "for tests: hold the write lock of this SQLite file for -hold-for, then exit")
	holdFor := flag.Duration("hold-for", 3*time.Second, "how long -hold-write-lock holds it")
	flag.Parse()

	if *holdLock != "" {
		if err := holdWriteLock(*holdLock, *holdFor); err != nil {
			log.Fatal(err)
		}
		return
	}

	if *dataDir == "" {
		log.Fatal("-data is required")
	}
	abs, err := filepath.Abs(*dataDir)
	if err != nil {
		log.Fatal(err)
	}
	if *explain != "" {
		dbName, collection, ok := strings.Cut(*explain, ".")
		if !ok {
			log.Fatal("-explain-id-lookup takes DB.COLLECTION")
		}
		if err := explainIDLookup(abs, dbName, collection); err != nil {
			log.Fatal(err)
		}
		return
	}
	// FerretDB keeps SQLite in WAL mode. With synchronous=full (SQLite's default) every commit
	// waits for an fsync of the WAL, one per write command (a write turn sends 8 to 24 commands,
	// most of them writes). With normal a commit is in the operating system once it is
	// acknowledged: it survives a crash or kill of FerretDB or of the bot, and the file is never
	// corrupted; a power loss or an operating-system crash can roll back the last commits since a
	// checkpoint, in order (as with a standalone mongod's default write concern, which does not
	// wait for its journal). full makes each commit survive a power loss too. README: "The local
	// database".
	if *synchronous != "normal" && *synchronous != "full" {
		log.Fatalf("-synchronous takes normal or full, not %q", *synchronous)
	}
	if *indexPoll <= 0 {
		log.Fatalf("-id-index-poll takes a positive duration, not %v", *indexPoll)
	}
	if *stallAfter < 0 {
		log.Fatalf("-stall-after takes a duration (0: no watchdog), not %v", *stallAfter)
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatal(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  "sqlite",
		// The SQLite URL must name an existing directory and end with a slash.
		SQLiteURL: "file:" + abs + "/?_pragma=synchronous(" + *synchronous + ")",
	})
	if err != nil {
		log.Fatal(err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	go func() {
		<-ctx.Done()
		log.Print("ferretdb-local: stopping")
	}()

	go newIDIndexer(abs, *indexPoll, *synchronous).run(ctx)
	if *stallAfter > 0 {
		go watchStalls(ctx, *listen, time.Second, *stallAfter)
	}

	log.Printf("ferretdb-local: listening on %s, data in %s, synchronous=%s", *listen, abs, *synchronous)
	f.Run(ctx)
}
