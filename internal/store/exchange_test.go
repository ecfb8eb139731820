package store_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// sameContent compares two exchanges' incidents with the external ids
// (each instance's own record ids) replaced by their positions.
func sameContent(t *testing.T, a, b haki.Batch) {
	t.Helper()
	norm := func(batch haki.Batch) string {
		out := batch.Incidents
		for i := range out {
			bi := &out[i]
			ids := map[string]string{}
			name := func(kind string, n int, id string) string {
				ids[id] = fmt.Sprintf("%s%d", kind, n)
				return ids[id]
			}
			bi.ExternalID = fmt.Sprint(i)
			for j := range bi.Persons {
				bi.Persons[j].ExternalID = name("p", j, bi.Persons[j].ExternalID)
			}
			for j := range bi.Acts {
				bi.Acts[j].ExternalID, bi.Acts[j].Victim = name("a", j, bi.Acts[j].ExternalID), ids[bi.Acts[j].Victim]
			}
			for j := range bi.Involvements {
				bi.Involvements[j].ExternalID, bi.Involvements[j].Act = fmt.Sprint(j), ids[bi.Involvements[j].Act]
			}
			for j := range bi.Sources {
				bi.Sources[j].ExternalID, bi.Sources[j].Person = fmt.Sprint(j), ids[bi.Sources[j].Person]
			}
		}
		b, _ := json.MarshalIndent(out, "", " ")
		return string(b)
	}
	if na, nb := norm(a), norm(b); na != nb {
		t.Errorf("the round trip changed the records:\n%s\n---\n%s", na, nb)
	}
}

func TestExchangeRoundTrip(t *testing.T) {
	for _, e := range storetest.Engines() {
		t.Run(e.Name, func(t *testing.T) {
			a, b := e.Open(t), e.Open(t)
			newClock(a)
			newClock(b)
			ctxA := storetest.As(storetest.MustUser(t, a, "dm", haki.RoleDataManager, ""))
			ctxB := storetest.As(storetest.MustUser(t, b, "dm", haki.RoleDataManager, ""))
			batch := storetest.Batch("list-a", 3)
			batch.Incidents[0].Incident.Verification = "verified"
			batch.Incidents[1].Incident.Verification = "verified"
			batch.Incidents[1].Involvements[0].Involvement.OfficerName = "Cpl. Example"
			if _, err := a.ApplyBatch(ctxA, batch, store.BatchOptions{}); err != nil {
				t.Fatal(err)
			}
			fromA, err := a.ExportExchange(ctxA)
			if err != nil {
				t.Fatal(err)
			}
			if len(fromA.Batch.Incidents) != 2 || fromA.Batch.Incidents[0].Persons[0].Person.FullName != "Unknown" ||
				fromA.Batch.Incidents[0].Persons[0].Person.Sex != "male" {
				t.Fatalf("export: %+v", fromA.Batch.Incidents)
			}
			// As a file between the two.
			raw, err := json.Marshal(fromA)
			if err != nil {
				t.Fatal(err)
			}
			var got haki.Exchange
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			if _, err := b.ImportExchange(ctxB, &got, []string{"0123456789abcdef0123456789abcdef"}, store.BatchOptions{}); haki.ErrorCode(err) != haki.EFORBIDDEN {
				t.Errorf("an untrusted instance imported: %v", err)
			}
			tampered := got
			tampered.Batch.Incidents = append([]haki.BatchIncident(nil), got.Batch.Incidents...)
			tampered.Batch.Incidents[0].Incident.Title = "Changed on the way"
			if _, err := b.ImportExchange(ctxB, &tampered, []string{got.Instance}, store.BatchOptions{}); haki.ErrorFields(err)["signature"] == "" {
				t.Errorf("a changed document imported: %v", err)
			}
			res, err := b.ImportExchange(ctxB, &got, []string{got.Instance}, store.BatchOptions{})
			if err != nil || res.Created != 2 {
				t.Fatalf("import: %+v %v", res, err)
			}
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			res, err = b.ImportExchange(ctxB, &got, []string{got.Instance}, store.BatchOptions{})
			if err != nil || res.Unchanged != 2 {
				t.Fatalf("import again: %+v %v", res, err)
			}
			fromB, err := b.ExportExchange(ctxB)
			if err != nil {
				t.Fatal(err)
			}
			if fromB.Instance == fromA.Instance {
				t.Error("two instances with one identity")
			}
			if err := json.Unmarshal(raw, &got); err != nil {
				t.Fatal(err)
			}
			sameContent(t, got.Batch, fromB.Batch)
		})
	}
}
