package gazetteer_test

import (
	"testing"

	"github.com/haki-kenya/haki/internal/gazetteer"
)

func TestKenya(t *testing.T) {
	places, err := gazetteer.Kenya()
	if err != nil {
		t.Fatal(err)
	}
	counties, subs := map[string]string{}, 0
	seen := map[string]bool{}
	for _, p := range places {
		if seen[p.Code] {
			t.Errorf("duplicate code %s", p.Code)
		}
		seen[p.Code] = true
		switch p.Level {
		case 1:
			counties[p.OfficialCode] = p.Name
		case 2:
			subs++
			if !seen[p.ParentCode] {
				t.Errorf("sub-county %s before or without its county %s", p.Code, p.ParentCode)
			}
		}
	}
	if len(counties) != 47 {
		t.Errorf("got %d counties, want 47", len(counties))
	}
	for code, want := range map[string]string{"001": "Mombasa", "006": "Taita-Taveta", "045": "Kisii", "047": "Nairobi City"} {
		if counties[code] != want {
			t.Errorf("county %s = %q, want %q", code, counties[code], want)
		}
	}
	names := map[string]bool{}
	for _, p := range places {
		names[p.Name] = true
	}
	for _, n := range []string{"Embakasi Central", "Ganze", "Mukurweini", "Nandi Hills", "Ugunja", "Dadaab", "Kibwezi West", "Kimilili", "Nambale", "Bobasi"} {
		if !names[n] {
			t.Errorf("no sub-county %q", n)
		}
	}
	if subs < 300 {
		t.Errorf("got %d sub-counties, want at least 300", subs)
	}
}

func TestKenyaRegions(t *testing.T) {
	r := gazetteer.KenyaRegions()
	for code, want := range map[string]string{"KE-001": "coast", "KE-009": "north_eastern", "KE-022": "central",
		"KE-032": "rift_valley", "KE-042": "nyanza", "KE-047": "nairobi", "KE-040": "western", "KE-016": "eastern"} {
		if r[code] != want {
			t.Errorf("%s: got %q, want %q", code, r[code], want)
		}
	}
	if len(r) != 47 {
		t.Errorf("%d counties", len(r))
	}
}
