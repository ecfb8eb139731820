package store_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// entries collects an archive's entries in the clear.
type entries map[string]*bytes.Buffer

func (e entries) Create(name string) (io.Writer, error) {
	e[name] = &bytes.Buffer{}
	return e[name], nil
}

func (e entries) lines(t *testing.T, name string) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(bytes.NewReader(e[name].Bytes()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out = append(out, m)
	}
	return out
}

// TestExportArchive: the bulk export holds every incident with its acts,
// every person with their identity and every case the caller may see, a
// manifest that counts them, asks for the caller's password, and is
// audited; a caseworker may not take it.
func TestExportArchive(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		dm := storetest.As(w.dm)
		got := entries{}
		if _, err := s.ExportArchive(dm, store.AccountProof{Password: "wrong password"}, got); haki.ErrorCode(err) != haki.EINVALID || len(got) != 0 {
			t.Fatalf("wrong password: %v, %d entries", err, len(got))
		}
		m, err := s.ExportArchive(dm, store.AccountProof{Password: storetest.Password}, got)
		if err != nil {
			t.Fatal(err)
		}
		incidents, persons, cases := got.lines(t, "incidents.jsonl"), got.lines(t, "persons.jsonl"), got.lines(t, "cases.jsonl")
		if m.Counts["incidents.jsonl"] != len(incidents) || len(incidents) != 4 || len(persons) != m.Counts["persons.jsonl"] || len(cases) != 3 {
			t.Fatalf("counts %v; %d incidents, %d persons, %d cases", m.Counts, len(incidents), len(persons), len(cases))
		}
		acts := 0
		for _, inc := range incidents {
			if a, ok := inc["acts"].([]any); ok {
				acts += len(a)
			}
		}
		if acts != 1 {
			t.Errorf("%d acts, want the monitor's 1", acts)
		}
		if !strings.Contains(got["persons.jsonl"].String(), "Client B") {
			t.Error("the data manager's archive lacks a client's name")
		}
		var manifest store.ArchiveManifest
		if err := json.Unmarshal(got["manifest.json"].Bytes(), &manifest); err != nil || manifest.MadeBy != "dm" || manifest.Format != "haki-archive/1" {
			t.Errorf("manifest %+v %v", manifest, err)
		}
		log, err := s.FindAuditEntries(storetest.As(w.admin), haki.AuditFilter{Entity: "archive", Action: "export"})
		if err != nil || len(log) != 1 || !strings.Contains(log[0].After, `"complete":true`) || strings.Contains(log[0].After, "Client") {
			t.Errorf("audit %v %+v", err, log)
		}
		if _, err := s.ExportArchive(storetest.As(w.cwA), store.AccountProof{Password: storetest.Password}, entries{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Errorf("caseworker: %v", err)
		}
	})
}
