package api_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// TestDuplicatesAPI: a data manager lists the pair, compares it, merges
// it and undoes the merge; the merged person reads as not found with the
// survivor's reference; a caseworker is refused; an unknown record is not
// found.
func TestDuplicatesAPI(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newWorld(t, s)
		ctx := storetest.As(w.users["datamanager"])
		a := &haki.Person{FullName: "John Kamau Mwangi", Sex: "male", NationalID: "23456789"}
		b := &haki.Person{FullName: "Kamau John M.", Sex: "male", NationalID: "23456789", DuplicateOK: true}
		for _, p := range []*haki.Person{a, b} {
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
		}
		res := w.do(t, "GET", "/api/v1/duplicates?kind=person", "datamanager", "")
		var list struct{ Items []haki.DuplicatePair }
		if err := json.Unmarshal(res.raw, &list); res.status != http.StatusOK || err != nil || len(list.Items) == 0 {
			t.Fatalf("list: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/duplicates/person/"+a.ID+"/"+b.ID, "datamanager", ""); res.status != http.StatusOK {
			t.Errorf("compare: %d %s", res.status, res.raw)
		}
		body := `{"kind": "person", "survivor_id": "` + a.ID + `", "merged_id": "` + b.ID + `", "take": ["full_name"]}`
		res = w.do(t, "POST", "/api/v1/merges", "datamanager", body)
		var m haki.Merge
		if err := json.Unmarshal(res.raw, &m); res.status != http.StatusCreated || err != nil || m.SurvivorRef != a.Ref {
			t.Fatalf("merge: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/persons/"+b.ID, "datamanager", ""); res.status != http.StatusNotFound {
			t.Errorf("merged person: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "POST", "/api/v1/merges/"+m.ID+"/undo", "datamanager", ""); res.status != http.StatusOK {
			t.Errorf("undo: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "POST", "/api/v1/merges/"+m.ID+"/undo", "datamanager", ""); res.status != http.StatusConflict {
			t.Errorf("second undo: %d %s", res.status, res.raw)
		}
		if res := w.do(t, "GET", "/api/v1/persons/"+b.ID, "datamanager", ""); res.status != http.StatusOK {
			t.Errorf("after the undo: %d", res.status)
		}
		for _, tc := range []struct {
			method, path, role, body string
			want                     int
		}{
			{"GET", "/api/v1/duplicates", "caseworker", "", http.StatusForbidden},
			{"GET", "/api/v1/duplicates?days=40", "datamanager", "", http.StatusUnprocessableEntity},
			{"GET", "/api/v1/duplicates/person/" + a.ID + "/no-such-id", "datamanager", "", http.StatusNotFound},
			{"POST", "/api/v1/merges", "datamanager", `{"kind": "person", "survivor_id": "` + a.ID + `", "merged_id": "no-such-id"}`, http.StatusNotFound},
			{"POST", "/api/v1/merges", "datamanager", `{"kind": "person", "survivor_id": "` + a.ID + `", "merged_id": "` + b.ID + `", "take": ["ref"]}`, http.StatusUnprocessableEntity},
			{"POST", "/api/v1/duplicates/dismiss", "datamanager", `{"kind": "person", "first_id": "` + a.ID + `", "second_id": "` + b.ID + `"}`, http.StatusNoContent},
		} {
			if res := w.do(t, tc.method, tc.path, tc.role, tc.body); res.status != tc.want {
				t.Errorf("%s %s as %s: %d, want %d: %s", tc.method, tc.path, tc.role, res.status, tc.want, res.raw)
			}
		}
	})
}
