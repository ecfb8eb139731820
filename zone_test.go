package haki

import (
	"testing"
	"time"
)

func TestFormatTime(t *testing.T) {
	at := time.Date(2026, 3, 14, 21, 30, 0, 0, time.UTC)
	tests := []struct {
		zone *time.Location
		want string
	}{
		{nil, "2026-03-15 00:30 EAT"}, // the default is East Africa Time, across midnight
		{Zone(""), "2026-03-15 00:30 EAT"},
		{Zone("UTC"), "2026-03-14 21:30 UTC"},
		{Zone("Europe/London"), "2026-03-14 21:30 GMT"}, // loads from the embedded zone database
		{Zone("Nowhere/Atlantis"), "2026-03-15 00:30 EAT"},
	}
	for _, tc := range tests {
		if got := FormatTime(at, tc.zone); got != tc.want {
			t.Errorf("FormatTime in %v = %q, want %q", tc.zone, got, tc.want)
		}
	}
	if got := FormatTime(time.Time{}, nil); got != "" {
		t.Errorf("zero time = %q", got)
	}
	for _, z := range TimeZones {
		if Zone(z) == Nairobi && z != DefaultTimeZone {
			t.Errorf("zone %s does not load", z)
		}
	}
}

// TestZoneLoadsOnce: a zone is loaded once and shared, not read from the
// zone database on every page; a name that does not load is Nairobi.
func TestZoneLoadsOnce(t *testing.T) {
	for _, name := range []string{"Europe/London", "America/New_York"} {
		a, b := Zone(name), Zone(name)
		if a != b || a.String() != name {
			t.Errorf("Zone(%q) = %p %v then %p %v, want one location", name, a, a, b, b)
		}
	}
	if Zone("Nowhere/Atlantis") != Nairobi || Zone("Nowhere/Atlantis") != Nairobi {
		t.Error("an unknown zone is not Nairobi")
	}
	if n := testing.AllocsPerRun(100, func() { Zone("Europe/Berlin") }); n != 0 {
		t.Errorf("Zone allocates %v times a call once loaded", n)
	}
}
