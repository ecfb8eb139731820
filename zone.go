package haki

import (
	"slices"
	"sync"
	"time"
	_ "time/tzdata" // zones load on a machine without a zoneinfo database
)

// DefaultTimeZone is the zone times are shown in unless a user chooses
// another: Kenya's, East Africa Time, which keeps no daylight saving.
const DefaultTimeZone = "Africa/Nairobi"

// TimeZones are the zones a user may choose to read times in.
var TimeZones = []string{DefaultTimeZone, "UTC", "Africa/Kampala", "Africa/Dar_es_Salaam", "Africa/Johannesburg", "Africa/Lagos",
	"Europe/London", "Europe/Berlin", "America/New_York"}

// ValidTimeZone reports whether name is "" (the default) or one of TimeZones.
func ValidTimeZone(name string) bool { return name == "" || slices.Contains(TimeZones, name) }

// zones holds each zone Zone has loaded, by name: every page asks for the
// reader's, and loading one reads and parses the zone database.
var zones sync.Map // name -> *time.Location

// Zone returns the location of a zone name: Nairobi for "" or a name that
// does not load. Each zone is loaded once; a name that does not load is
// not kept, so no input grows the cache beyond the zone database.
func Zone(name string) *time.Location {
	if name == "" || name == DefaultTimeZone {
		return Nairobi
	}
	if loc, ok := zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return Nairobi
	}
	got, _ := zones.LoadOrStore(name, loc)
	return got.(*time.Location)
}

// FormatTime writes an instant for people to read: date, time and the
// zone's abbreviation, in zone ("2026-03-14 12:30 EAT"); a nil zone is
// East Africa Time. Every page, export and PDF writes times through it.
func FormatTime(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return ""
	}
	if zone == nil {
		zone = Nairobi
	}
	return t.In(zone).Format("2006-01-02 15:04 MST")
}
