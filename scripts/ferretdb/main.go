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

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on")
	dataDir := flag.String("data", "", "directory for the SQLite databases (created if missing)")
	explain := flag.String("explain-id-lookup", "", "print SQLite's plan for an _id lookup on DB.COLLECTION, then exit")
	flag.Parse()

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
	if err := os.MkdirAll(abs, 0o755); err != nil {
		log.Fatal(err)
	}

	f, err := ferretdb.New(&ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: *listen},
		Handler:  "sqlite",
		// The SQLite URL must name an existing directory and end with a slash.
		SQLiteURL: "file:" + abs + "/",
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

	go newIDIndexer(abs).run(ctx)

	log.Printf("ferretdb-local: listening on %s, data in %s", *listen, abs)
	f.Run(ctx)
}
