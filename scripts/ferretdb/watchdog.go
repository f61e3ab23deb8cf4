package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"runtime"
	"time"
)

// FerretDB v1 holds its registry's lock, over all databases, while some of its SQLite statements
// run (creating a database, a collection or an index, dropping one), and a statement that waits
// for another connection's write lock waits up to its busy timeout (10 s). `ping` needs that
// lock, so while one such statement waits every client of every database waits too. The watchdog makes such a
// stall visible: it pings FerretDB through its own listener, and when an answer is late it logs
// one line and the stack of every goroutine, which shows what FerretDB is waiting for.
const stallMarker = "ferretdb-local: stall"

// pingMessage is OP_MSG {ping: 1, $db: "admin"}, written out byte by byte.
var pingMessage = func() []byte {
	var doc bytes.Buffer
	doc.Write([]byte{0, 0, 0, 0})
	doc.WriteByte(0x10) // int32
	doc.WriteString("ping\x00")
	_ = binary.Write(&doc, binary.LittleEndian, int32(1))
	doc.WriteByte(0x02) // string
	doc.WriteString("$db\x00")
	_ = binary.Write(&doc, binary.LittleEndian, int32(len("admin")+1))
	doc.WriteString("admin\x00")
	doc.WriteByte(0)
	d := doc.Bytes()
	binary.LittleEndian.PutUint32(d, uint32(len(d)))

	var msg bytes.Buffer
	length := 16 + 4 + 1 + len(d)
	for _, v := range []int32{int32(length), 1, 0, 2013} { // length, requestID, responseTo, OP_MSG
		_ = binary.Write(&msg, binary.LittleEndian, v)
	}
	_ = binary.Write(&msg, binary.LittleEndian, uint32(0)) // flag bits
	msg.WriteByte(0)                                       // section kind 0: the body
	msg.Write(d)
	return msg.Bytes()
}()

// watchStalls pings every `every` until ctx ends, each time on a new connection, so that the
// whole path of a new client is timed: accept, FerretDB's "Connection started" log line, the
// command. An answer later than `late` is logged with every goroutine's stack, and its end (or
// that none came within 2 minutes) in one line more.
func watchStalls(ctx context.Context, addr string, every, late time.Duration) {
	for ctx.Err() == nil {
		pingOnce(ctx, addr, late)
		select {
		case <-ctx.Done():
		case <-time.After(every):
		}
	}
}

func pingOnce(ctx context.Context, addr string, late time.Duration) {
	started := time.Now()
	conn, err := net.DialTimeout("tcp", addr, late)
	if err != nil {
		return // stopping, or not listening yet
	}
	defer conn.Close()
	err = conn.SetDeadline(started.Add(late))
	if err == nil {
		_, err = conn.Write(pingMessage)
	}
	if err == nil {
		err = readReply(conn)
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() || ctx.Err() != nil {
		return
	}
	stacks := make([]byte, 8<<20)
	stacks = stacks[:runtime.Stack(stacks, true)]
	log.Printf("%s on %s: a ping has waited %v; every goroutine:\n%s", stallMarker, addr, late, stacks)
	if err := conn.SetDeadline(time.Now().Add(2 * time.Minute)); err == nil {
		err = readReply(conn)
		if err == nil {
			log.Printf("%s on %s: the ping was answered after %v", stallMarker, addr, time.Since(started).Round(time.Millisecond))
			return
		}
	}
	if ctx.Err() == nil {
		log.Printf("%s on %s: the ping had no answer after %v", stallMarker, addr, time.Since(started).Round(time.Millisecond))
	}
}

// readReply reads one whole wire message (the reply to a ping) and ignores it.
func readReply(conn net.Conn) error {
	header := make([]byte, 16)
	if _, err := io.ReadFull(conn, header); err != nil {
		return err
	}
	length := int(binary.LittleEndian.Uint32(header))
	if length < 16 || length > 48<<20 {
		return fmt.Errorf("reply of %d bytes", length)
	}
	_, err := io.CopyN(io.Discard, conn, int64(length-16))
	return err
}

// holdWriteLock takes a database file's write lock for a while, as a long write by another
// connection would: the tests make FerretDB stall with it, to see the watchdog report.
func holdWriteLock(file string, hold time.Duration) error {
	db, err := sql.Open("sqlite", "file:"+file+sqliteOpenArgs+"&mode=rw")
	if err != nil {
		return err
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	fmt.Println("holding")
	time.Sleep(hold)
	_, err = conn.ExecContext(context.Background(), "ROLLBACK")
	return err
}
