package haki

import (
	"reflect"
	"testing"
	"time"
)

// instants are moments around Nairobi's midnight, a month's and a year's
// end, and the hours at which a wall-clock check once failed (06:45 and
// 07:26 UTC), at which the date rules are tried.
var instants = []time.Time{
	time.Date(2026, 12, 31, 20, 59, 0, 0, time.UTC), // 23:59 in Nairobi, the year's last minute
	time.Date(2026, 12, 31, 21, 0, 0, 0, time.UTC),  // 00:00 on 1 January in Nairobi
	time.Date(2026, 12, 31, 23, 55, 0, 0, time.UTC), // a new day in Nairobi, the old one in UTC
	time.Date(2027, 1, 1, 0, 5, 0, 0, time.UTC),
	time.Date(2026, 12, 7, 6, 45, 0, 0, time.UTC),
	time.Date(2026, 12, 7, 7, 26, 0, 0, time.UTC),
	time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC),
	time.Date(2028, 2, 29, 21, 30, 0, 0, time.UTC), // 1 March in Nairobi, after a leap day
}

// datedRecord builds a valid record dated day, and validates it at now.
type datedRecord struct {
	name     string
	validate func(day, now time.Time) error
	field    string
}

var datedRecords = []datedRecord{
	{"case", func(day, now time.Time) error {
		c := &Case{ClientID: "p", ClientRelation: "survivor", IntakeDate: day, IntakeChannel: "walk_in", Status: "intake"}
		return c.Validate(now)
	}, "intake_date"},
	{"incident", func(day, now time.Time) error {
		inc := &Incident{Title: "t", Types: []string{"killing"}, Occurred: FuzzyDate{Date: day, Precision: PrecisionDay},
			CountyCode: "KE-047", Verification: "unverified"}
		return inc.Validate(now)
	}, "occurred"},
	{"person", func(day, now time.Time) error {
		p := &Person{FullName: "Unknown", BirthDate: FuzzyDate{Date: day, Precision: PrecisionDay}}
		return p.Validate(now)
	}, "birth_date"},
	{"consent", func(day, now time.Time) error {
		c := &Consent{Purpose: ConsentPurposes[0], Decision: ConsentDecisions[0], DecidedOn: day, Method: ConsentMethods[0],
			Language: "en"}
		return c.Validate(now)
	}, "decided_on"},
	{"assessment", func(day, now time.Time) error {
		a := &Assessment{AssessedOn: day, ThreatLevel: ThreatLevels[0], ContactMethod: "in_person"}
		return a.Validate(now)
	}, "assessed_on"},
	{"matter", func(day, now time.Time) error {
		m := &LegalMatter{Court: Courts[0], Kind: MatterKinds[0], Status: "filed", Outcome: "pending", FiledOn: day}
		return m.Validate(now)
	}, "filed_on"},
	{"professional's training", func(day, now time.Time) error {
		p := &Professional{Name: "Dr A", Profession: Professions[0], Availability: Availabilities[0], Counties: []string{"KE-047"},
			Trainings: []Training{{Name: "Istanbul Protocol", AttendedOn: day}}}
		return p.Validate(now)
	}, "trainings"},
	{"service", func(day, now time.Time) error {
		s := &Service{Type: ServiceTypes[0], StaffID: "u", DeliveredOn: day}
		return s.Validate(now)
	}, "delivered_on"},
	{"referral", func(day, now time.Time) error {
		r := &Referral{PartnerID: "p", Reason: "medical care", SentOn: day, DueOn: day.AddDate(0, 0, 14)}
		return r.Validate(now)
	}, "sent_on"},
	{"referral answer", func(day, now time.Time) error {
		rr := &ReferralResponse{Action: "accept", On: day}
		return rr.Validate(ReferralSent, now)
	}, "on"},
}

// TestValidateDatesAtNow checks every "in the future" rule against the
// instant it is given, whatever the hour the test runs at: the day it is in
// Nairobi passes, the next day does not.
func TestValidateDatesAtNow(t *testing.T) {
	for _, rec := range datedRecords {
		for _, now := range instants {
			today := Today(now)
			t.Run(rec.name+"/"+now.Format(time.RFC3339), func(t *testing.T) {
				if err := rec.validate(today, now); err != nil {
					t.Errorf("dated today in Nairobi (%s): %v %v", today.Format(time.DateOnly), err, ErrorFields(err))
				}
				if err := rec.validate(now.In(Nairobi), now); err != nil {
					t.Errorf("dated now, as a time in Nairobi: %v %v", err, ErrorFields(err))
				}
				if err := rec.validate(today.AddDate(0, 0, -1), now); err != nil {
					t.Errorf("dated yesterday: %v %v", err, ErrorFields(err))
				}
				tomorrow := today.AddDate(0, 0, 1)
				if msg := ErrorFields(rec.validate(tomorrow, now))[rec.field]; msg == "" {
					t.Errorf("dated tomorrow in Nairobi (%s): accepted", tomorrow.Format(time.DateOnly))
				}
			})
		}
	}
}

// TestContactAttemptAtNow checks the hour's leeway of a contact attempt
// against the instant it is given.
func TestContactAttemptAtNow(t *testing.T) {
	for _, now := range instants {
		for _, tc := range []struct {
			at time.Time
			ok bool
		}{
			{now.Add(-48 * time.Hour), true},
			{now, true},
			{now.Add(59 * time.Minute), true},
			{now.Add(61 * time.Minute), false},
		} {
			c := &ContactAttempt{AttemptedAt: tc.at, Method: ContactCall, Outcome: ContactReached}
			if err := c.Validate(now); (err == nil) != tc.ok {
				t.Errorf("at %s, attempt at %s: %v, want ok %v", now, tc.at, err, tc.ok)
			}
		}
	}
}

// TestValidateOnlyChecks gives every record with a normalising step text to
// trim, empty entries to drop and defaults to fill: Validate leaves the
// record as it was, and Normalize then does the work.
func TestValidateOnlyChecks(t *testing.T) {
	now := time.Date(2026, 12, 7, 6, 45, 0, 0, time.UTC)
	day := Today(now).AddDate(0, 0, -3)
	dayOf := FuzzyDate{Date: day, Precision: PrecisionDay}
	type record interface{ Normalize() }
	tests := []struct {
		name     string
		make     func() record // a fresh record as a form may send it
		normal   record        // the record after Normalize
		validate func(r record) error
	}{
		{"case", func() record {
			return &Case{ClientID: "p", ClientRelation: "survivor", IntakeDate: day, IntakeChannel: "walk_in", ClosureReason: "x",
				Summary: " s ", IncidentIDs: []string{"", "i"}, AssigneeIDs: []string{""}}
		}, &Case{ClientID: "p", ClientRelation: "survivor", IntakeDate: day, IntakeChannel: "walk_in", Status: "intake",
			Summary: "s", IncidentIDs: []string{"i"}, AssigneeIDs: []string{}},
			func(r record) error { return r.(*Case).Validate(now) }},
		{"incident", func() record {
			return &Incident{Title: " t ", Types: []string{"", "killing"}, Occurred: dayOf, CountyCode: "KE-047"}
		}, &Incident{Title: "t", Types: []string{"killing"}, Occurred: dayOf, CountyCode: "KE-047", Verification: "unverified"},
			func(r record) error { return r.(*Incident).Validate(now) }},
		{"person", func() record {
			return &Person{FullName: " A ", OtherNames: []string{" B ", ""}, DeceasedOn: dayOf}
		}, &Person{FullName: "A", OtherNames: []string{"B"}, DeceasedOn: dayOf, Deceased: true},
			func(r record) error { return r.(*Person).Validate(now) }},
		{"matter", func() record {
			return &LegalMatter{Court: Courts[0], Kind: MatterKinds[0], CaseNumber: " 1 ", Sentence: "x", CompensationKES: 5,
				AccusedIDs: []string{""}}
		}, &LegalMatter{Court: Courts[0], Kind: MatterKinds[0], Status: "preparing", Outcome: "pending", CaseNumber: "1",
			AccusedIDs: []string{}},
			func(r record) error { return r.(*LegalMatter).Validate(now) }},
		{"referral", func() record {
			return &Referral{PartnerID: "p", Reason: " why ", SentOn: day}
		}, &Referral{PartnerID: "p", Reason: "why", SentOn: day, DueOn: day.AddDate(0, 0, ReferralDueDays)},
			func(r record) error { return r.(*Referral).Validate(now) }},
		{"professional", func() record {
			return &Professional{Name: " Dr A ", Profession: Professions[0], Availability: Availabilities[0],
				Counties: []string{"", "KE-047"}, Trainings: []Training{{Name: " "}, {Name: " IP ", AttendedOn: day}}}
		}, &Professional{Name: "Dr A", Profession: Professions[0], Availability: Availabilities[0], Counties: []string{"KE-047"},
			Trainings: []Training{{Name: "IP", AttendedOn: day}}},
			func(r record) error { return r.(*Professional).Validate(now) }},
		{"event", func() record {
			return &CalendarEvent{Kind: "meeting", Subtype: "x", StartsAt: now, OwnerUserID: "u", Location: " here "}
		}, &CalendarEvent{Kind: "meeting", StartsAt: now, EndsAt: now.Add(time.Hour), OwnerUserID: "u", Location: "here"},
			func(r record) error { return r.(*CalendarEvent).Validate() }},
		{"task", func() record {
			return &Task{Title: " call ", DueOn: day, AssigneeUserID: "u"}
		}, &Task{Title: "call", DueOn: day, AssigneeUserID: "u", Status: TaskOpen},
			func(r record) error { return r.(*Task).Validate() }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.make()
			tc.validate(r)
			if !reflect.DeepEqual(r, tc.make()) {
				t.Errorf("Validate changed the record:\n got %+v\nwant %+v", r, tc.make())
			}
			r.Normalize()
			if !reflect.DeepEqual(r, tc.normal) {
				t.Errorf("Normalize:\n got %+v\nwant %+v", r, tc.normal)
			}
			if err := tc.validate(r); err != nil {
				t.Errorf("the normalised record: %v %v", err, ErrorFields(err))
			}
		})
	}
}
