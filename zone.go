package haki

import (
	"slices"
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

// Zone returns the location of a zone name: Nairobi for "" or a name that
// does not load.
func Zone(name string) *time.Location {
	if name == "" || name == DefaultTimeZone {
		return Nairobi
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return Nairobi
	}
	return loc
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
