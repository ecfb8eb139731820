package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"image/jpeg"
	"io"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/media/mediatest"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestPublicReportMedia(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		reportStore(t, s)
		ev := s.Evidence(t.TempDir())
		pub := context.Background()
		r := mustSubmit(t, s, fullReport(), "media-key")
		photo := mediatest.JPEGWithGPS(t)
		sum := sha256.Sum256(photo)

		m, created, err := ev.AddPublicReportMedia(pub, "media-key", 0, photo)
		if err != nil || !created {
			t.Fatalf("add: %v %v %v", created, err, haki.ErrorFields(err))
		}
		if m.Original.SHA256 != hex.EncodeToString(sum[:]) || m.Original.Size != int64(len(photo)) || m.Original.ContentType != "image/jpeg" ||
			m.Original.Kind != "photo" || m.Stripped == nil || m.Stripped.DerivedFrom != m.Original.ID {
			t.Fatalf("media: %+v %+v", m.Original, m.Stripped)
		}
		// Sent again (the phone did not hear back): the same file, nothing new.
		again, created, err := ev.AddPublicReportMedia(pub, "media-key", 0, photo)
		if err != nil || created || again.Original.ID != m.Original.ID {
			t.Fatalf("again: %v %v", created, err)
		}
		if n := tableCount(t, s, "evidence"); n != 2 {
			t.Fatalf("%d evidence rows, want 2", n)
		}
		// A recording whose metadata Haki does not strip: no copy.
		ogg := append([]byte("OggS\x00\x02"), make([]byte, 100)...)
		om, _, err := ev.AddPublicReportMedia(pub, "media-key", 1, ogg)
		if err != nil || om.Stripped != nil || om.Original.ContentType != "audio/ogg" {
			t.Fatalf("ogg: %+v %v", om, err)
		}

		// Refused: an unknown key, a sixth file, a file that is not media, one too large.
		for _, c := range []struct {
			key   string
			index int
			data  []byte
			code  string
		}{
			{"no-such-key", 2, photo, haki.ENOTFOUND},
			{"media-key", 5, photo, haki.EINVALID},
			{"media-key", 2, []byte("<html><script>alert(1)</script>"), haki.EINVALID},
			{"media-key", 2, append(photo, make([]byte, 10<<20)...), haki.EINVALID},
			{"media-key", 2, nil, haki.EINVALID},
		} {
			if _, _, err := ev.AddPublicReportMedia(pub, c.key, c.index, c.data); haki.ErrorCode(err) != c.code {
				t.Errorf("%s #%d: %v, want %s", c.key, c.index, err, c.code)
			}
		}

		// Staff who triage see the files; others learn nothing.
		monitor := storetest.As(storetest.MustUser(t, s, "mon", haki.RoleMonitor, ""))
		cw := storetest.As(storetest.MustUser(t, s, "cw", haki.RoleCaseworker, ""))
		list, err := ev.FindPublicReportMedia(monitor, r.ID)
		if err != nil || len(list) != 2 || list[0].Index != 0 || list[1].Stripped != nil {
			t.Fatalf("list: %v %v", list, err)
		}
		for _, ctx := range []context.Context{cw, pub} {
			if _, err := ev.FindPublicReportMedia(ctx, r.ID); err == nil {
				t.Error("someone who may not triage listed the files")
			}
			if _, _, err := ev.FindEvidenceByID(ctx, m.Original.ID); err == nil {
				t.Error("someone who may not triage opened a file")
			}
		}
		if _, _, err := ev.FindEvidenceByID(cw, m.Original.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("caseworker: %v, want not found", err)
		}

		// The copy has no GPS and still decodes; opening it is in its custody.
		_, rc, err := ev.OpenEvidenceCopy(monitor, m.Stripped.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(got, []byte(mediatest.Marker)) || bytes.Contains(got, []byte("Exif")) {
			t.Error("the copy holds location metadata")
		}
		if _, err := jpeg.Decode(bytes.NewReader(got)); err != nil {
			t.Errorf("the copy does not decode: %v", err)
		}
		if _, _, err := ev.OpenEvidenceCopy(monitor, m.Original.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Errorf("an original opened as a copy: %v", err)
		}
		// The original is kept as received, and downloaded with a reason.
		_, rc, err = ev.OpenEvidence(monitor, m.Original.ID, haki.CustodyDownload, "Checking the place")
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := io.ReadAll(rc)
		rc.Close()
		if !bytes.Equal(orig, photo) {
			t.Error("the original is not what was received")
		}
		_, custody, err := ev.FindEvidenceByID(monitor, m.Original.ID)
		if err != nil || len(custody) != 3 || custody[0].Action != haki.CustodyUpload || custody[0].UserID != "" ||
			custody[1].Action != haki.CustodyDownload || custody[2].Action != haki.CustodyView {
			t.Fatalf("custody: %+v %v", custody, err)
		}
		_, custody, _ = ev.FindEvidenceByID(monitor, m.Stripped.ID)
		if len(custody) < 2 || custody[0].Action != haki.CustodyDerive || custody[1].Action != haki.CustodyView {
			t.Fatalf("copy custody: %+v", custody)
		}

		// Verified into an incident, the files go with it.
		dm := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		vr, err := s.VerifyPublicReport(dm, r.ID, verification(r.Version))
		if err != nil {
			t.Fatalf("verify: %v %v", err, haki.ErrorFields(err))
		}
		files, err := ev.FindEvidence(dm, haki.OwnerIncident, vr.IncidentID)
		if err != nil || len(files) != 3 {
			t.Fatalf("incident files: %d %v", len(files), err)
		}
		for _, f := range files {
			if f.ReportID != r.ID || f.OwnerKind != haki.OwnerIncident {
				t.Errorf("file %+v", f)
			}
		}
		_, custody, _ = ev.FindEvidenceByID(dm, m.Original.ID)
		if len(custody) < 4 || custody[3].Action != haki.CustodyTransfer {
			t.Fatalf("custody after verification: %+v", custody)
		}
		// A file that arrives after the verification follows the report.
		late, created, err := ev.AddPublicReportMedia(pub, "media-key", 2, mediatest.MP4WithGPS())
		if err != nil || !created || late.Stripped == nil {
			t.Fatalf("late: %v %v", created, err)
		}
		if f, _, err := ev.FindEvidenceByID(dm, late.Original.ID); err != nil || f.OwnerKind != haki.OwnerIncident || f.OwnerID != vr.IncidentID {
			t.Fatalf("late file: %+v %v", f, err)
		}
	})
}
