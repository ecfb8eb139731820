package store_test

import (
	"strings"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

func TestPersonSearchBlindIndex(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		mk := func(name string, aliases []string, id, phone, notes string) *haki.Person {
			p := &haki.Person{FullName: name, OtherNames: aliases, NationalID: id, Phone: phone, Notes: notes, Sex: "male"}
			if err := s.CreatePerson(ctx, p); err != nil {
				t.Fatal(err)
			}
			return p
		}
		mohamed := mk("Mohamed Abdi Hassan", []string{"Moha"}, "23456789", "+254 712 000111", "Sells shoes at Gikomba market")
		wanjiru := mk("Wanjiru Njeri Kamau", nil, "", "", "")
		for q, want := range map[string]*haki.Person{
			"Muhammad Hassan":            mohamed, // spelling
			"hasan mohammed":             mohamed, // order and spelling
			"moha":                       mohamed, // alias
			"23456789":                   mohamed, // ID number
			"0712000111":                 mohamed, // phone, local form
			"gikomba":                    mohamed, // a word of the notes
			"Kamau Wanjiro":              wanjiru,
			mohamed.Ref:                  mohamed,
			strings.ToLower(wanjiru.Ref): wanjiru,
		} {
			got, _, err := s.FindPersons(ctx, haki.PersonFilter{Text: q})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 1 || got[0].ID != want.ID {
				t.Errorf("search %q found %d persons, want %s", q, len(got), want.FullName)
			}
		}
		if got, _, _ := s.FindPersons(ctx, haki.PersonFilter{Text: "Mohamed Kamau"}); len(got) != 0 {
			t.Errorf("words of two different persons matched %d", len(got))
		}
		// Updating the name moves the tokens with it.
		wanjiru.FullName = "Akinyi Otieno"
		if err := s.UpdatePerson(ctx, wanjiru); err != nil {
			t.Fatal(err)
		}
		if got, _, _ := s.FindPersons(ctx, haki.PersonFilter{Text: "wanjiru"}); len(got) != 0 {
			t.Error("the old name still finds the person")
		}
		if got, _, _ := s.FindPersons(ctx, haki.PersonFilter{Text: "akinyi"}); len(got) != 1 {
			t.Error("the new name does not find the person")
		}
	})
}

func TestIdentifiersSealedInTheDatabase(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		ctx := storetest.As(storetest.MustUser(t, s, "dm", haki.RoleDataManager, ""))
		p := &haki.Person{FullName: "Plaintextname Otieno", Phone: "0700111222", NationalID: "11223344", Notes: "plaintextnote"}
		if err := s.CreatePerson(ctx, p); err != nil {
			t.Fatal(err)
		}
		inc := &haki.Incident{Title: "plaintexttitle", Narrative: "plaintextnarrative", Types: []string{"torture"},
			Occurred: haki.MustFuzzyDate("2024"), CountyCode: "KE-047", Verification: "unverified"}
		if err := s.CreateIncident(ctx, inc); err != nil {
			t.Fatal(err)
		}
		var name, phone, id, notes, title, narrative, tokens string
		db := s.DB()
		q := `SELECT full_name, phone, national_id, notes FROM persons WHERE id = '` + p.ID + `'`
		if err := db.QueryRow(q).Scan(&name, &phone, &id, &notes); err != nil {
			t.Fatal(err)
		}
		q = `SELECT title, narrative, search_tokens FROM incidents WHERE id = '` + inc.ID + `'`
		if err := db.QueryRow(q).Scan(&title, &narrative, &tokens); err != nil {
			t.Fatal(err)
		}
		for _, v := range []string{name, phone, id, notes, title, narrative} {
			if !strings.HasPrefix(v, "v1:") {
				t.Errorf("stored %q is not sealed", v)
			}
		}
		for _, v := range []string{name, phone, id, notes, title, narrative, tokens} {
			if strings.Contains(strings.ToLower(v), "plaintext") || strings.Contains(v, "0700111222") {
				t.Errorf("stored value shows the plaintext: %q", v)
			}
		}
		// The audit log holds the record sealed too.
		var after string
		if err := db.QueryRow(`SELECT after_json FROM audit_log WHERE entity = 'person' AND entity_id = '` + p.ID + `'`).Scan(&after); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(after, "Plaintextname") || !strings.Contains(after, "sealed:") {
			t.Errorf("audit after = %.80s", after)
		}
		// Found by a word of its narrative, by someone who may see it.
		got, _, err := s.FindIncidents(ctx, haki.IncidentFilter{Text: "plaintextnarrative"})
		if err != nil || len(got) != 1 || got[0].Narrative != "plaintextnarrative" {
			t.Errorf("narrative search: %v %v", got, err)
		}
	})
}

func TestTOTPSecretSealed(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		u := storetest.MustUser(t, s, "cw", haki.RoleCaseworker, "")
		e, err := s.BeginTOTPEnrolment(storetest.As(u), store.AccountProof{Password: storetest.Password})
		if err != nil {
			t.Fatal(err)
		}
		var stored string
		if err := s.DB().QueryRow(`SELECT totp_pending_secret FROM users WHERE id = '` + u.ID + `'`).Scan(&stored); err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, e.Secret) {
			t.Errorf("the two-factor secret is stored as %q", stored)
		}
		again, err := s.FindTOTPEnrolment(storetest.As(u))
		if err != nil || again == nil || again.Secret != e.Secret {
			t.Errorf("enrolment read back as %+v, %v", again, err)
		}
	})
}
