package store_test

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

const evidenceCanary = "CANARY-Wanjiku-Kamau-0722000111"

func TestEvidenceLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		dir := t.TempDir()
		ev := s.Evidence(dir)
		team := storetest.MustTeam(t, s, "Nairobi")
		other := storetest.MustTeam(t, s, "Mombasa")
		cw := storetest.MustUser(t, s, "cw", haki.RoleCaseworker, team.ID)
		outsider := storetest.MustUser(t, s, "cw2", haki.RoleCaseworker, other.ID)
		researcher := storetest.MustUser(t, s, "res", haki.RoleResearcher, "")
		ctx := storetest.As(cw)
		client := &haki.Person{FullName: "Halima Abdi", Sex: "female"}
		if err := s.CreatePerson(ctx, client); err != nil {
			t.Fatal(err)
		}
		c := &haki.Case{ClientID: client.ID, ClientRelation: "survivor", IntakeDate: time.Now().AddDate(0, 0, -1),
			IntakeChannel: "walk_in", Status: "active", Summary: "Beaten in custody."}
		if err := s.CreateCase(ctx, c); err != nil {
			t.Fatal(err)
		}

		plain := strings.Repeat("Statement of "+evidenceCanary+"\n", 5000) // several chunks
		e := &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: c.ID, Kind: "medical_report", Filename: "p3 " + evidenceCanary + ".txt",
			Description: "about " + evidenceCanary}
		if err := ev.CreateEvidence(ctx, e, strings.NewReader(plain)); err != nil {
			t.Fatal(err)
		}
		if e.ContentType != "text/plain; charset=utf-8" || e.Size != int64(len(plain)) || len(e.SHA256) != 64 {
			t.Errorf("record: %+v", e)
		}
		stored, err := os.ReadFile(filepath.Join(dir, e.ID[:2], e.ID))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(stored, []byte(evidenceCanary)) {
			t.Error("the stored file holds the plaintext")
		}

		// Refused: HTML, an executable, a case of another team, a researcher.
		for name, body := range map[string]string{"html": "<!DOCTYPE html><script>alert(1)</script>", "exe": "MZ\x90\x00\x03\x00\x00\x00"} {
			bad := &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: c.ID, Kind: "other", Filename: name}
			if err := ev.CreateEvidence(ctx, bad, strings.NewReader(body)); haki.ErrorCode(err) != haki.EINVALID {
				t.Errorf("%s: err = %v, want invalid", name, err)
			}
		}
		for _, u := range []*haki.User{outsider, researcher} {
			if _, _, err := ev.FindEvidenceByID(storetest.As(u), e.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("%s: find err = %v, want not found", u.Username, err)
			}
			if _, _, err := ev.OpenEvidence(storetest.As(u), e.ID, haki.CustodyDownload, "curious"); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("%s: open err = %v, want not found", u.Username, err)
			}
		}

		got, _, err := ev.FindEvidenceByID(ctx, e.ID)
		if err != nil || got.Filename != e.Filename || got.Description != e.Description {
			t.Fatalf("find: %+v, %v", got, err)
		}
		if _, _, err := ev.OpenEvidence(ctx, e.ID, haki.CustodyDownload, " "); haki.ErrorCode(err) != haki.EINVALID {
			t.Errorf("no reason: err = %v", err)
		}
		_, r, err := ev.OpenEvidence(ctx, e.ID, haki.CustodyDownload, "for the court")
		if err != nil {
			t.Fatal(err)
		}
		back, _ := io.ReadAll(r)
		r.Close()
		if string(back) != plain {
			t.Error("download differs from upload")
		}
		_, log, err := ev.FindEvidenceByID(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, l := range log {
			actions = append(actions, l.Action)
		}
		if strings.Join(actions, ",") != "upload,view,download,view" || log[2].Reason != "for the court" || log[2].Username != "cw" {
			t.Errorf("custody: %v %+v", actions, log[2])
		}
		list, err := ev.FindEvidence(ctx, haki.OwnerCase, c.ID)
		if err != nil || len(list) != 1 {
			t.Errorf("list: %d, %v", len(list), err)
		}
		if _, err := ev.FindEvidence(storetest.As(outsider), haki.OwnerCase, c.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("outsider list: %v", err)
		}
		if n, problems, err := ev.VerifyEvidence(t.Context()); err != nil || n != 1 || len(problems) != 0 {
			t.Errorf("verify: %d %v %v", n, problems, err)
		}
		if problems, err := s.CheckIntegrity(t.Context()); err != nil || len(problems) != 0 {
			t.Errorf("integrity: %v %v", problems, err)
		}

		// Tampering: flip one byte of the stored file.
		stored[len(stored)/2] ^= 1
		if err := os.WriteFile(filepath.Join(dir, e.ID[:2], e.ID), stored, 0o600); err != nil {
			t.Fatal(err)
		}
		if _, _, err := ev.OpenEvidence(ctx, e.ID, haki.CustodyDownload, "again"); err == nil {
			t.Error("a tampered file was served")
		}
		if n, problems, err := ev.VerifyEvidence(t.Context()); err != nil || n != 1 || len(problems) != 1 || problems[0].ID != e.ID {
			t.Errorf("verify after tampering: %d %v %v", n, problems, err)
		}
	})
}
