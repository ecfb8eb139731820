package demo

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/haki-kenya/haki"
)

// The casework pass: after the bulk load, the demo organisation works its
// recent cases through the same calls the web pages and the API make, as
// the colleagues who would make them, so that every rule, seal, audit entry
// and timeline line is real. It adds the professional network, partner
// institutions, consents, assessments, services, referrals, court matters,
// appointments, contact attempts, tasks and notes.

// CaseworkStore is what the casework pass needs of the store; *store.Store
// implements it. Every call runs as the user in its context.
type CaseworkStore interface {
	CreateProfessional(ctx context.Context, p *haki.Professional) error
	CreatePartner(ctx context.Context, p *haki.Partner) error
	FinishIntake(ctx context.Context, in *haki.Intake, draftID string) (*haki.Case, error)
	RecordConsent(ctx context.Context, c *haki.Consent) error
	RecordAssessment(ctx context.Context, a *haki.Assessment) error
	CreateService(ctx context.Context, sv *haki.Service) error
	CreateReferral(ctx context.Context, r *haki.Referral) error
	RespondReferral(ctx context.Context, id string, resp *haki.ReferralResponse) (*haki.Referral, error)
	CreateMatter(ctx context.Context, m *haki.LegalMatter, override string) error
	UpdateMatter(ctx context.Context, m *haki.LegalMatter) error
	CreateHearing(ctx context.Context, h *haki.Hearing) error
	CreateAppointment(ctx context.Context, e *haki.CalendarEvent) error
	MarkAttendance(ctx context.Context, participantID, attendance string) (*haki.Participant, error)
	RescheduleAppointment(ctx context.Context, participantID string, startsAt time.Time) (*haki.CalendarEvent, error)
	RecordContactAttempt(ctx context.Context, c *haki.ContactAttempt) error
	CreateTask(ctx context.Context, t *haki.Task) error
	CompleteTask(ctx context.Context, id string) (*haki.Task, error)
	DelegateTask(ctx context.Context, id string, d haki.Delegation) (*haki.Task, error)
	AddCaseNote(ctx context.Context, caseID, body string) (*haki.CaseEvent, error)
}

// MaxCaseworkCases bounds the casework pass to the most recent case files,
// so that it stays quick on a database of a million incidents.
const MaxCaseworkCases = 600

// CaseworkYears is how long ago the demo organisation moved its casework
// into Haki: case files closed before then get no casework.
const CaseworkYears = 3

// CaseworkOptions control the casework pass. The same options and recorded
// cases always give the same records.
type CaseworkOptions struct {
	Seed int64
	Now  time.Time
	// Users are the demo's accounts, as the store returns them.
	Users []*haki.User
	// Clock, when set, is told the moment each action happens before it
	// runs, so that the store dates its records then (the CLI sets the
	// store's clock); without it records carry the time of the run.
	Clock func(time.Time)
	// Cases bounds the pass to this many of the most recent case files;
	// 0 means MaxCaseworkCases.
	Cases int
}

// CaseworkStats counts what the casework pass wrote.
type CaseworkStats struct {
	Cases, Professionals, Partners, Consents, Assessments, Services, GroupSessions int
	Referrals, Matters, Hearings, Appointments, Attendance, Contacts, Tasks, Notes int
	Intakes                                                                        int
	Actions, Skipped, Failed                                                       int
	// Errors are the first few failures, for the log.
	Errors []string
}

// RecordedCase is a case file the generator emitted, with what the
// casework pass needs to know of its incident and client.
type RecordedCase struct {
	Case         *haki.Case
	County       string    // the incident's county code
	Types        []string  // the incident's types
	Occurred     time.Time // the day of the incident
	Involvements []string  // the involvement ids of the incident
	ClientBirth  haki.FuzzyDate
}

// Recorder passes records to a sink and remembers the most recent case
// files for the casework pass. Incidents come in time order, so keeping
// the last ones emitted keeps the most recent.
type Recorder struct {
	Sink
	keep      int
	ring      []*RecordedCase
	next      int
	total     int
	incident  *haki.Incident
	acts      map[string]bool
	invs      []string
	persons   map[string]haki.FuzzyDate
	personRun bool
}

// NewRecorder wraps sink, keeping up to keep (at least MaxCaseworkCases)
// recent case files.
func NewRecorder(sink Sink, keep int) *Recorder {
	keep = max(keep, MaxCaseworkCases)
	return &Recorder{Sink: sink, keep: keep, acts: map[string]bool{}, persons: map[string]haki.FuzzyDate{}}
}

// Person implements Sink.
func (rc *Recorder) Person(p *haki.Person) error {
	if !rc.personRun {
		clear(rc.persons)
		rc.personRun = true
	}
	rc.persons[p.ID] = p.BirthDate
	return rc.Sink.Person(p)
}

// Incident implements Sink.
func (rc *Recorder) Incident(inc *haki.Incident) error {
	rc.personRun = false
	rc.incident = inc
	clear(rc.acts)
	rc.invs = rc.invs[:0]
	return rc.Sink.Incident(inc)
}

// Act implements Sink.
func (rc *Recorder) Act(a *haki.Act) error {
	rc.personRun = false
	if rc.incident != nil && a.IncidentID == rc.incident.ID {
		rc.acts[a.ID] = true
	}
	return rc.Sink.Act(a)
}

// Involvement implements Sink.
func (rc *Recorder) Involvement(v *haki.Involvement) error {
	rc.personRun = false
	if rc.acts[v.ActID] {
		rc.invs = append(rc.invs, v.ID)
	}
	return rc.Sink.Involvement(v)
}

// Source implements Sink.
func (rc *Recorder) Source(s *haki.Source) error {
	rc.personRun = false
	return rc.Sink.Source(s)
}

// Case implements Sink.
func (rc *Recorder) Case(c *haki.Case) error {
	rc.personRun = false
	if err := rc.Sink.Case(c); err != nil {
		return err
	}
	r := &RecordedCase{Case: c, ClientBirth: rc.persons[c.ClientID]}
	if inc := rc.incident; inc != nil && slices.Contains(c.IncidentIDs, inc.ID) {
		r.County, r.Types, r.Occurred = inc.CountyCode, inc.Types, inc.Occurred.Date
		r.Involvements = slices.Clone(rc.invs)
	}
	if len(rc.ring) < rc.keep {
		rc.ring = append(rc.ring, r)
	} else {
		rc.ring[rc.next] = r
		rc.next = (rc.next + 1) % rc.keep
	}
	rc.total++
	return nil
}

// Total is the number of case files recorded.
func (rc *Recorder) Total() int { return rc.total }

// Recent returns the n most recent case files by intake, oldest first.
func (rc *Recorder) Recent(n int) []*RecordedCase {
	out := slices.Clone(rc.ring)
	slices.SortStableFunc(out, func(a, b *RecordedCase) int {
		return cmp.Or(a.Case.CreatedAt.Compare(b.Case.CreatedAt), cmp.Compare(a.Case.Ref, b.Case.Ref))
	})
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out
}

// errSkip is returned by an action whose prerequisite failed.
var errSkip = errors.New("skipped")

// action is one thing a colleague does at a moment.
type action struct {
	at   time.Time
	seq  int
	as   *haki.User
	what string
	do   func(ctx context.Context) error
}

// plan collects the actions of the pass; they run in time order.
type plan struct {
	acts []action
	now  time.Time
}

// add plans fn to run as user at t; a moment after now runs just before now.
func (p *plan) add(t time.Time, as *haki.User, what string, fn func(ctx context.Context) error) {
	if as == nil {
		return
	}
	if !t.Before(p.now) {
		t = p.now.Add(-time.Minute)
	}
	p.acts = append(p.acts, action{at: t, seq: len(p.acts), as: as, what: what, do: fn})
}

// Casework runs the casework pass on the MaxCaseworkCases most recent case
// files rec kept, writing through st.
func Casework(ctx context.Context, o CaseworkOptions, rec *Recorder, st CaseworkStore) (CaseworkStats, error) {
	var stats CaseworkStats
	w, err := newWorld(o, st, &stats)
	if err != nil {
		return stats, err
	}
	var cases []*RecordedCase
	limit := MaxCaseworkCases
	if o.Cases > 0 {
		limit = min(o.Cases, MaxCaseworkCases)
	}
	for _, c := range rec.Recent(limit) {
		// Files closed before the organisation moved its casework into
		// Haki, three years ago, keep only what the bulk load gave them.
		if c.Case.Status != "closed" || w.now.Sub(c.Case.CreatedAt) < days(CaseworkYears*365) {
			cases = append(cases, c)
		}
	}
	stats.Cases = len(cases)
	first := w.now
	if len(cases) > 0 {
		first = cases[0].Case.CreatedAt
	}
	w.network(first)
	for i, c := range cases {
		w.planCase(c, caseRand(o.Seed, c.Case.Ref, i))
	}
	w.groupSessions(cases)
	w.minorIntake(cases)
	w.diaryTasks()
	acts := w.plan.acts
	slices.SortStableFunc(acts, func(a, b action) int { return cmp.Or(a.at.Compare(b.at), cmp.Compare(a.seq, b.seq)) })
	base := context.WithoutCancel(ctx)
	for i, a := range acts {
		if i&255 == 0 {
			if err := ctx.Err(); err != nil {
				return stats, err
			}
		}
		if o.Clock != nil {
			o.Clock(a.at)
		}
		stats.Actions++
		switch err := a.do(haki.NewContextWithUser(base, a.as)); {
		case errors.Is(err, errSkip):
			stats.Skipped++
		case err != nil:
			stats.Failed++
			if len(stats.Errors) < 5 {
				stats.Errors = append(stats.Errors, fmt.Sprintf("%s as %s: %v", a.what, a.as.Username, errorText(err)))
			}
		}
	}
	return stats, nil
}

// errorText gives an error with its field problems, for the log.
func errorText(err error) string {
	if f := haki.ErrorFields(err); len(f) > 0 {
		return fmt.Sprintf("%v %v", err, f)
	}
	return err.Error()
}

// caseRand is the random source of one case: the same whatever other cases
// there are.
func caseRand(seed int64, ref string, i int) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(ref))
	return rand.New(rand.NewPCG(uint64(seed)^h.Sum64(), uint64(i)+0x43415345)) // "CASE"
}
