package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
)

const dayDur = 24 * time.Hour

// workAt returns a moment of the working day (08:30 to 16:30 in Nairobi) of t's day.
func workAt(r *rand.Rand, t time.Time) time.Time {
	d := haki.Today(t)
	return d.Add(-3*time.Hour + 8*time.Hour + 30*time.Minute + time.Duration(r.IntN(8*60))*time.Minute)
}

// days returns n days as a duration.
func days(n int) time.Duration { return time.Duration(n) * dayDur }

// caseState is what the planning of one case knows.
type caseState struct {
	rc        *RecordedCase
	c         *haki.Case
	cw        *haki.User
	profs     []*netProf // assigned professionals with an account
	consent   map[string]string
	assessed  bool
	call      bool
	text      bool
	noContact bool
	needs     []string
	kind      string // the incident's first type
	matter    bool   // a legal matter is planned: the client consents to litigation
}

// the vocabulary of the plans.
var (
	threatMix  = newCodes(w{"none", 20}, w{"low", 35}, w{"medium", 28}, w{"high", 17})
	methodMix  = newCodes(w{"signed_form", 55}, w{"thumbprint", 15}, w{"verbal", 25}, w{"electronic", 5})
	langMix    = newCodes(w{"sw", 55}, w{"en", 40}, w{"other", 5})
	apptMix    = newCodes(w{"counselling", 50}, w{"legal_consultation", 20}, w{"statement_recording", 10}, w{"medical_review", 20})
	threatened = []string{"Officers from the station named in the complaint.", "Unknown men who came to the family home after the complaint was filed.",
		"An officer of the unit involved, who has asked neighbours where the client lives.", "The area chief's askaris, who warned the family to drop the case.",
		"Callers from withheld numbers telling the client to withdraw the statement."}
	safeTimes = []string{"Weekdays 9:00-12:00", "Weekdays before 13:00", "Saturday mornings only", "Evenings after 18:00",
		"Only through the sister's phone, weekdays"}
	outcomes = map[string][]string{
		"medical_treatment":        {"Wounds dressed; review in two weeks.", "Fracture reviewed; cast removed.", "Pain managed; referred for physiotherapy."},
		"medico_legal_examination": {"P3 form filled and signed; injuries consistent with the account.", "Examination done along the Istanbul Protocol; report to follow.", "Scars documented with photographs; report handed to counsel."},
		"counselling_individual":   {"Client calmer; sleeping better.", "Session on coping with nightmares; next in two weeks.", "Client tearful; safety plan reviewed.", "Grief work continued; client engaged."},
		"counselling_group":        {"Group shared experiences; members supportive of each other."},
		"psychiatric_care":         {"Assessed for PTSD; medication started.", "Medication reviewed; symptoms improving."},
		"legal_advice":             {"Options explained: complaint to IPOA, petition, private prosecution.", "Advised on the inquest process and what to expect."},
		"statement_recording":      {"Statement recorded and signed; copy kept on file.", "Supplementary statement recorded with new details."},
		"oversight_complaint":      {"Complaint lodged with IPOA; reference received."},
		"court_representation":     {"Counsel appeared; matter mentioned and a date taken.", "Counsel cross-examined the investigating officer."},
		"socio_economic_support":   {"Transport refund and food support given.", "School fees paid for one term.", "Rent support for two months."},
		"protection":               {"Client relocated to a safe house for six weeks.", "Safety plan agreed; emergency contacts given."},
	}
	costs = map[string][2]int{"medical_treatment": {1500, 45000}, "medico_legal_examination": {3000, 8000}, "counselling_individual": {1500, 3500},
		"psychiatric_care": {4000, 12000}, "legal_advice": {0, 0}, "statement_recording": {0, 1000}, "oversight_complaint": {0, 500},
		"court_representation": {15000, 80000}, "socio_economic_support": {3000, 25000}, "protection": {15000, 80000}}
	reasons = map[string][]string{
		"hospital":  {"Treatment of injuries and a medical report.", "Specialist review of a fracture."},
		"ipoa":      {"Complaint against the officers involved.", "Follow-up of the complaint already lodged."},
		"knchr":     {"Monitoring of the investigation.", "Joint follow-up with the police."},
		"legal_aid": {"Representation in court.", "Advice on a claim for compensation."},
		"shelter":   {"Safe accommodation while threats continue."},
		"other":     {"Community support for the family."},
		"doctor":    {"Medico-legal examination and P3 form.", "Medical review of injuries."},
		"psych":     {"Psychological assessment and counselling.", "Trauma counselling."},
		"lawyer":    {"Advice and representation.", "Draft a petition for compensation."},
	}
	feedbacks = []string{"Client seen; report sent by email.", "Client attended twice; file closed on our side.", "Report filed and shared with counsel.",
		"Services given as asked."}
	declines   = []string{"No capacity this month.", "Outside our county of work.", "Client could not be reached."}
	taskTitles = []string{"Collect the P3 form from the police station", "Follow up the medico-legal report", "Call the client to confirm the next hearing",
		"Arrange a transport refund", "Get a copy of the OB entry", "Prepare the witness statement", "Check on the IPOA complaint",
		"Book the counselling room", "Ask the hospital for the treatment notes", "Update the safety plan"}
	profTaskTitles = []string{"Send the medico-legal report", "Complete the P3 form", "Write the psychological evaluation report",
		"Review the client after treatment"}
	noteTexts = []string{"Client came in with her sister; said the officers passed by the house again last week.",
		"Spoke with the investigating officer at the station; the file has gone to the ODPP.",
		"Client asked for help with school fees for the children; to discuss at team meeting.",
		"Client is sleeping better but still avoids the market where it happened.",
		"Family worried about the cost of travel to court; transport refund agreed.",
		"Client prefers to meet at the office rather than at home.",
		"Medical report received and filed; copy given to counsel.",
		"Client could not come because of work; will call back."}
)

// planCase plans the work on one case file, from intake to now or its closing.
func (w *world) planCase(rc *RecordedCase, r *rand.Rand) {
	c := rc.Case
	cs := &caseState{rc: rc, c: c, cw: w.byID[c.CaseworkerID], consent: map[string]string{}}
	if len(rc.Types) > 0 {
		cs.kind = rc.Types[0]
	}
	if cs.cw == nil || cs.cw.Role != haki.RoleCaseworker {
		if ws := w.teamWorkers[c.TeamID]; len(ws) > 0 && !c.Sensitive {
			cs.cw = ws[0]
		} else {
			cs.cw = w.dm
		}
	}
	for _, id := range c.AssigneeIDs {
		if np := w.profOfUser[id]; np != nil {
			cs.profs = append(cs.profs, np)
		}
	}
	now := w.now
	start := workAt(r, c.CreatedAt)
	if start.Before(c.CreatedAt) {
		start = c.CreatedAt.Add(time.Minute)
	}
	if !start.Before(now.Add(-2 * time.Hour)) {
		start = now.Add(-3 * time.Hour)
	}
	open := c.Status != "closed"
	end := now.Add(-time.Hour)
	if !open {
		end = workAt(r, c.UpdatedAt)
		if end.Before(start.Add(days(14))) {
			end = start.Add(days(between(r, 14, 90)))
		}
		if end.After(now.Add(-time.Hour)) {
			end = now.Add(-time.Hour)
		}
	}
	full := open || now.Sub(c.CreatedAt) < days(730)
	cs.needs = needsOf(r, cs.kind)
	cs.matter = chance(r, matterChance(cs.kind))
	w.planConsents(cs, r, start, full)
	// The assessment, unless the case is still at intake.
	assessAt := start.Add(days(between(r, 1, 7)))
	if c.Status == "intake" && chance(r, 0.5) || !assessAt.Before(end) {
		assessAt = start
	} else {
		w.planAssessment(cs, r, assessAt)
		if full && end.Sub(assessAt) > days(180) && chance(r, 0.25) {
			w.planAssessment(cs, r, assessAt.Add(days(between(r, 90, 170))))
		}
	}
	// When the client was last in touch, and what became of them since.
	last := end
	silent, missedTwo := false, false
	if open {
		switch {
		case c.Status == "on_hold":
			last = now.Add(-days(between(r, 20, 120)))
		case chance(r, 0.2):
			silent, last = true, now.Add(-days(between(r, 35, 150)))
		default:
			last = now.Add(-days(between(r, 1, 20)))
		}
		if c.Status != "on_hold" && cs.assessed && chance(r, 0.17) {
			missedTwo = true
			last = minTime(last, now.Add(-days(between(r, 24, 60))))
		}
	}
	from := assessAt.Add(days(3))
	if last.Sub(from) > days(300) { // the touchpoints of the last ten months
		from = last.Add(-days(300))
	}
	if last.Before(from) {
		last, silent, missedTwo = from, false, false
	}
	if last.After(end) {
		last = end
	}
	// The touchpoints: appointments, services and contacts.
	if last.After(from) {
		n := min(max(int(last.Sub(from)/days(30)), 1), 5)
		if !full {
			n = min(n, 2)
		}
		step := last.Sub(from) / time.Duration(n)
		for i := range n {
			t := from.Add(step*time.Duration(i+1) - time.Duration(r.IntN(int(step/time.Hour/3)+1))*time.Hour)
			if i == n-1 {
				t = last
			}
			w.touchpoint(cs, r, workAt(r, t), start)
		}
	}
	if open {
		w.afterLast(cs, r, last, silent, missedTwo)
	}
	if chance(r, 0.4) || full && chance(r, 0.25) {
		w.planReferral(cs, r, start, end, open)
	}
	if cs.matter {
		w.planMatter(cs, r, start, end, open)
	}
	if full {
		w.planTasks(cs, r, start, end)
		for range between(r, 0, 1) {
			at := start.Add(time.Duration(r.Int64N(int64(end.Sub(start)) + 1)))
			as := cs.cw
			if len(cs.profs) > 0 && chance(r, 0.3) {
				as = cs.profs[0].user
			}
			body := oneOf(r, noteTexts)
			w.plan.add(workAt(r, at), as, "note", func(ctx context.Context) error {
				_, err := w.st.AddCaseNote(ctx, c.ID, body)
				return count(&w.stats.Notes, err)
			})
		}
	}
}

// needsOf returns the client's needs by the kind of incident.
func needsOf(r *rand.Rand, kind string) []string {
	var n []string
	switch kind {
	case "extrajudicial_execution", "death_in_custody":
		n = []string{"legal", "psychological", "socio_economic"}
	case "enforced_disappearance":
		n = []string{"legal", "psychological", "protection"}
	case "sgbv":
		n = []string{"medical", "psychological", "protection", "legal"}
	case "threat_hrd":
		n = []string{"protection", "legal", "psychological"}
	default:
		n = []string{"medical", "psychological", "legal"}
	}
	if chance(r, 0.3) && !slices.Contains(n, "socio_economic") {
		n = append(n, "socio_economic")
	}
	return n
}

func matterChance(kind string) float64 {
	switch kind {
	case "extrajudicial_execution", "death_in_custody", "torture":
		return 0.4
	case "arbitrary_arrest", "threat_hrd":
		return 0.12
	}
	return 0.25
}

// planConsents records the client's decisions at intake.
func (w *world) planConsents(cs *caseState, r *rand.Rand, at time.Time, full bool) {
	decide := func(given, refused float64) string {
		switch x := r.Float64(); {
		case x < given:
			return "given"
		case x < given+refused:
			return "refused"
		}
		return ""
	}
	cs.consent[haki.ConsentCare] = "given"
	if chance(r, 0.03) {
		cs.consent[haki.ConsentCare] = "refused"
	}
	cs.consent[haki.ConsentSharing] = decide(0.8, 0.15)
	cs.consent[haki.ConsentLitigation] = decide(0.6, 0.15)
	if cs.matter {
		cs.consent[haki.ConsentLitigation] = "given"
	}
	if full {
		cs.consent[haki.ConsentResearch] = decide(0.45, 0.25)
		cs.consent[haki.ConsentPublication] = decide(0.25, 0.5)
	}
	method, lang := methodMix.pick(r), langMix.pick(r)
	for _, purpose := range haki.ConsentPurposes {
		if d := cs.consent[purpose]; d != "" {
			w.consent(cs, at, purpose, d, method, lang)
		}
	}
	// A few clients withdraw their consent to publication later.
	if cs.consent[haki.ConsentPublication] == "given" && chance(r, 0.15) && w.now.Sub(at) > days(60) {
		cs.consent[haki.ConsentPublication] = "withdrawn"
		w.consent(cs, workAt(r, at.Add(days(between(r, 20, 50)))), haki.ConsentPublication, "withdrawn", "verbal", lang)
	}
}

func (w *world) consent(cs *caseState, at time.Time, purpose, decision, method, lang string) {
	con := &haki.Consent{CaseID: cs.c.ID, Purpose: purpose, Decision: decision, DecidedOn: haki.Today(at), Method: method, Language: lang}
	p := haki.Person{BirthDate: cs.rc.ClientBirth}
	if age, ok := p.AgeOn(con.DecidedOn); ok && age < 18 {
		con.GuardianName, con.GuardianRelation = "Parent of the client", "Parent"
	}
	w.plan.add(at, cs.cw, "consent", func(ctx context.Context) error {
		return count(&w.stats.Consents, w.st.RecordConsent(ctx, con))
	})
}

// planAssessment records a risk and protection assessment.
func (w *world) planAssessment(cs *caseState, r *rand.Rand, at time.Time) {
	level := threatMix.pick(r)
	if cs.kind == "threat_hrd" || cs.kind == "enforced_disappearance" {
		level = oneOf(r, []string{"medium", "high", "high"})
	}
	a := &haki.Assessment{CaseID: cs.c.ID, AssessedOn: haki.Today(at), ThreatLevel: level, Needs: cs.needs}
	if cs.assessed { // a reassessment keeps the contact rules
		a.SafeToCall, a.SafeToText = cs.call, cs.text
	} else {
		p := map[string]float64{"none": 0.97, "low": 0.9, "medium": 0.65, "high": 0.25}[level]
		a.SafeToCall, a.SafeToText = chance(r, p), chance(r, p+0.05)
		cs.noContact = level == "high" && chance(r, 0.3)
	}
	switch {
	case cs.noContact:
		a.SafeToCall, a.SafeToText, a.ContactMethod = false, false, "no_contact"
		a.Notes = "Do not call or text: the phone may be watched. Meet only at the office."
	case a.SafeToCall:
		a.ContactMethod = "phone"
	case a.SafeToText:
		a.ContactMethod = "sms"
	default:
		a.ContactMethod = oneOf(r, []string{"in_person", "trusted_contact"})
	}
	if level == "medium" || level == "high" {
		a.ThreatenedBy = oneOf(r, threatened)
		a.SafeTimes = oneOf(r, safeTimes)
	}
	cs.assessed, cs.call, cs.text = true, a.SafeToCall, a.SafeToText
	w.plan.add(at, cs.cw, "assessment", func(ctx context.Context) error {
		return count(&w.stats.Assessments, w.st.RecordAssessment(ctx, a))
	})
}

// touchpoint plans one moment of contact with the client at t: an
// appointment kept, a service, or a call that reached them.
func (w *world) touchpoint(cs *caseState, r *rand.Rand, t, start time.Time) {
	switch x := r.IntN(100); {
	case x < 45 || !cs.assessed || cs.noContact && x >= 75:
		w.appointment(cs, r, t, start, haki.AttendAttended)
	case x < 75:
		w.service(cs, r, t, oneOf(r, cs.needs))
	default:
		w.contact(cs, r, t, haki.ContactReached)
	}
}

// appointment plans an appointment at t, scheduled a week or two before,
// and its attendance mark ("" leaves it scheduled).
func (w *world) appointment(cs *caseState, r *rand.Rand, t, start time.Time, attendance string) {
	sub := apptMix.pick(r)
	as := cs.cw
	for _, np := range cs.profs {
		if sub == "medical_review" && (np.rec.Profession == "doctor" || np.rec.Profession == "clinical_officer") ||
			sub == "counselling" && (np.rec.Profession == "counsellor" || np.rec.Profession == "psychiatrist") {
			as = np.user
		}
	}
	if attendance == haki.AttendAttended && chance(r, 0.08) {
		attendance = oneOf(r, []string{haki.AttendCancelled, haki.AttendRescheduled})
	}
	starts := haki.Today(t).Add(-3*time.Hour + time.Duration(9+r.IntN(7))*time.Hour)
	scheduled := minTime(t, starts).Add(-days(between(r, 5, 14)))
	if scheduled.Before(start) {
		scheduled = start
	}
	e := &haki.CalendarEvent{Subtype: sub, StartsAt: starts, EndsAt: starts.Add(time.Duration(45+15*r.IntN(3)) * time.Minute),
		CaseID: cs.c.ID, Location: oneOf(r, []string{"Office, counselling room", "Office, meeting room 2", "Client's home area", "Hospital"})}
	w.plan.add(scheduled, as, "appointment", func(ctx context.Context) error {
		return count(&w.stats.Appointments, w.st.CreateAppointment(ctx, e))
	})
	if attendance == "" {
		return
	}
	var moved *haki.CalendarEvent
	w.plan.add(starts.Add(time.Duration(60+r.IntN(180))*time.Minute), as, "attendance", func(ctx context.Context) error {
		if e.ID == "" || len(e.Participants) == 0 {
			return errSkip
		}
		if attendance == haki.AttendRescheduled { // the client asked to come a week later
			m, err := w.st.RescheduleAppointment(ctx, e.Participants[0].ID, starts.AddDate(0, 0, 7))
			moved = m
			return count(&w.stats.Attendance, err)
		}
		_, err := w.st.MarkAttendance(ctx, e.Participants[0].ID, attendance)
		return count(&w.stats.Attendance, err)
	})
	if at := starts.AddDate(0, 0, 7).Add(2 * time.Hour); attendance == haki.AttendRescheduled && at.Before(w.now) {
		w.plan.add(at, as, "attendance", func(ctx context.Context) error {
			if moved == nil {
				return errSkip
			}
			for _, p := range moved.Participants {
				if p.PersonID != "" {
					_, err := w.st.MarkAttendance(ctx, p.ID, haki.AttendAttended)
					return count(&w.stats.Attendance, err)
				}
			}
			return errSkip
		})
	}
	if attendance != haki.AttendAttended {
		return
	}
	typ := map[string]string{"counselling": "counselling_individual", "legal_consultation": "legal_advice",
		"statement_recording": "statement_recording", "medical_review": "medical_treatment"}[sub]
	sv := &haki.Service{CaseID: cs.c.ID, Type: typ, DeliveredOn: haki.Today(starts), DurationMinutes: int(e.EndsAt.Sub(e.StartsAt).Minutes()),
		Outcome: oneOf(r, outcomes[typ])}
	cost := costs[typ]
	sv.CostKES = roundKES(between(r, cost[0], cost[1]))
	var prof *netProf
	if as != cs.cw {
		prof = w.profOfUser[as.ID]
	} else if typ == "medical_treatment" {
		prof = w.pickProf(r, "doctor", cs)
	}
	if prof == nil {
		sv.StaffID = cs.cw.ID
		if cs.cw.Role != haki.RoleCaseworker {
			sv.StaffID = w.dm.ID
		}
	}
	w.plan.add(starts.Add(4*time.Hour), as, "service", func(ctx context.Context) error {
		if prof != nil && as.Role != haki.RoleProfessional {
			sv.ProfessionalID = prof.rec.ID
		}
		return count(&w.stats.Services, w.st.CreateService(ctx, sv))
	})
}

func roundKES(n int) int64 { return int64(n / 100 * 100) }

// pickProf returns a member of the network of the profession for the
// case's county, preferring one assigned to the case.
func (w *world) pickProf(r *rand.Rand, profession string, cs *caseState) *netProf {
	for _, np := range cs.profs {
		if np.rec.Profession == profession {
			return np
		}
	}
	if ps := w.professionals(profession, cs.rc.County); len(ps) > 0 {
		return oneOf(r, ps)
	}
	return nil
}

// service plans a service meeting a need, delivered on t's day.
func (w *world) service(cs *caseState, r *rand.Rand, t time.Time, need string) {
	var typ, profession string
	switch need {
	case "medical":
		typ, profession = oneOf(r, []string{"medico_legal_examination", "medical_treatment"}), oneOf(r, []string{"doctor", "doctor", "clinical_officer"})
	case "psychological":
		typ = "counselling_individual"
		if chance(r, 0.3) {
			typ, profession = "psychiatric_care", "psychiatrist"
		} else if chance(r, 0.5) {
			profession = "counsellor"
		}
	case "legal":
		typ = oneOf(r, []string{"legal_advice", "statement_recording", "oversight_complaint"})
	case "socio_economic":
		typ = "socio_economic_support"
	default:
		typ = "protection"
	}
	sv := &haki.Service{CaseID: cs.c.ID, Type: typ, DeliveredOn: haki.Today(t), DurationMinutes: 30 + 15*r.IntN(5), Outcome: oneOf(r, outcomes[typ])}
	cost := costs[typ]
	sv.CostKES = roundKES(between(r, cost[0], cost[1]))
	as := cs.cw
	var prof *netProf
	if profession != "" {
		prof = w.pickProf(r, profession, cs)
	}
	if prof != nil && prof.user != nil && slices.Contains(cs.profs, prof) {
		as = prof.user // they record their own work
	} else if prof == nil {
		sv.StaffID = cs.cw.ID
		if cs.cw.Role != haki.RoleCaseworker {
			sv.StaffID = w.dm.ID
		}
	}
	w.plan.add(t, as, "service", func(ctx context.Context) error {
		if prof != nil && as.Role != haki.RoleProfessional {
			if sv.ProfessionalID = prof.rec.ID; sv.ProfessionalID == "" {
				return errSkip
			}
		}
		return count(&w.stats.Services, w.st.CreateService(ctx, sv))
	})
}

// contact plans an attempt to reach the client at t, the way the
// assessment in force allows. An attempt planned for later than now (a
// working hour later today) is made a minute before now instead, when it
// is recorded: nobody logs a call before making it.
func (w *world) contact(cs *caseState, r *rand.Rand, t time.Time, outcome string) {
	if !t.Before(w.now) {
		t = w.now.Add(-time.Minute)
	}
	a := &haki.ContactAttempt{CaseID: cs.c.ID, AttemptedAt: t, Outcome: outcome}
	switch {
	case cs.noContact || !cs.assessed:
		a.Method, a.Outcome = haki.ContactCall, haki.ContactUnsafeNotTried
		a.Notes = "Not called: the assessment says no contact. Waiting for the client to come to the office."
	case cs.call && chance(r, 0.8):
		a.Method = haki.ContactCall
	case cs.text:
		a.Method = haki.ContactSMS
	default:
		a.Method = oneOf(r, []string{"visit", "trusted_contact"})
	}
	w.plan.add(t, cs.cw, "contact", func(ctx context.Context) error {
		return count(&w.stats.Contacts, w.st.RecordContactAttempt(ctx, a))
	})
}

// afterLast plans what follows the last contact with an open case's
// client: two missed appointments, failed calls, or the next appointment.
func (w *world) afterLast(cs *caseState, r *rand.Rand, last time.Time, silent, missedTwo bool) {
	now := w.now
	switch {
	case missedTwo:
		m1 := workAt(r, last.Add(days(between(r, 7, 12))))
		m2 := workAt(r, m1.Add(days(between(r, 7, 14))))
		if !m2.Before(now.Add(-dayDur)) {
			m2 = now.Add(-dayDur - time.Hour)
		}
		w.appointment(cs, r, m1, last, haki.AttendMissed)
		w.appointment(cs, r, m2, m1, haki.AttendMissed)
		w.contact(cs, r, workAt(r, m2.Add(dayDur)), "no_answer")
	case silent:
		t := last
		for range between(r, 1, 2) {
			if t = workAt(r, t.Add(days(between(r, 10, 30)))); t.After(now) {
				break
			}
			w.contact(cs, r, t, oneOf(r, []string{"no_answer", "no_answer", "wrong_number"}))
		}
	case cs.c.Status != "on_hold":
		next := workAt(r, now.Add(days(between(r, 1, 21))))
		if w.forToday(cs) {
			next = now
		}
		w.appointment(cs, r, next, last, "")
	}
}

// forToday reports whether the case's next appointment is today: the first
// two of the demo's caseworker and the first of the demo's professional,
// so that their home pages and day views open on a working day.
func (w *world) forToday(cs *caseState) bool {
	login := ""
	if cs.cw != nil && cs.cw.Username == "caseworker" {
		login = "caseworker"
	}
	for _, np := range cs.profs {
		if np.user != nil && np.user.Username == "professional" && w.today["professional"] < 1 {
			login = "professional"
		}
	}
	limit := map[string]int{"caseworker": 2, "professional": 1}[login]
	if login == "" || w.today[login] >= limit {
		return false
	}
	w.today[login]++
	return true
}

// planReferral plans a referral and its answers.
func (w *world) planReferral(cs *caseState, r *rand.Rand, start, end time.Time, open bool) {
	sent := workAt(r, start.Add(days(between(r, 3, 30))))
	if !sent.Before(end) {
		return
	}
	ref := &haki.Referral{CaseID: cs.c.ID, SentOn: haki.Today(sent)}
	var prof *netProf
	var partner *haki.Partner
	toProf := chance(r, 0.5) || cs.consent[haki.ConsentSharing] != "given"
	if toProf && cs.consent[haki.ConsentCare] != "given" {
		return
	}
	if toProf {
		switch {
		case len(cs.profs) > 0 && chance(r, 0.6):
			prof = oneOf(r, cs.profs)
		case slices.Contains(cs.needs, "medical"):
			prof = w.pickProf(r, "doctor", cs)
		case slices.Contains(cs.needs, "legal") && chance(r, 0.5):
			prof = w.pickProf(r, "lawyer", cs)
		default:
			prof = w.pickProf(r, "counsellor", cs)
		}
		if prof == nil {
			return
		}
		key := map[string]string{"doctor": "doctor", "clinical_officer": "doctor", "lawyer": "lawyer", "paralegal": "lawyer"}[prof.rec.Profession]
		if key == "" {
			key = "psych"
		}
		ref.Reason = oneOf(r, reasons[key])
	} else {
		kind := "hospital"
		switch {
		case slices.Contains(cs.needs, "protection") && chance(r, 0.5):
			kind = "shelter"
		case slices.Contains(cs.needs, "legal") && chance(r, 0.6):
			kind = oneOf(r, []string{"ipoa", "ipoa", "knchr", "legal_aid"})
		case !slices.Contains(cs.needs, "medical"):
			kind = "legal_aid"
		}
		if partner = w.partner(r, kind, cs.rc.County); partner == nil {
			return
		}
		ref.Reason = oneOf(r, reasons[kind])
	}
	w.plan.add(sent, cs.cw, "referral", func(ctx context.Context) error {
		if prof != nil {
			ref.ProfessionalID = prof.rec.ID
		} else {
			ref.PartnerID = partner.ID
		}
		if ref.ProfessionalID == "" && ref.PartnerID == "" {
			return errSkip
		}
		return count(&w.stats.Referrals, w.st.CreateReferral(ctx, ref))
	})
	// What became of it.
	answerer := cs.cw
	if prof != nil && prof.user != nil {
		answerer = prof.user
	}
	age := w.now.Sub(sent)
	var steps []string
	x := r.IntN(100)
	switch {
	case !open || end.Sub(sent) < age-days(5): // closed since: settled
		steps = []string{"accept", "complete"}
		if x < 15 {
			steps = []string{"decline"}
		}
	case age > days(30):
		switch {
		case x < 45:
			steps = []string{"accept", "complete"}
		case x < 55:
			steps = []string{"decline"}
		case x < 80:
			steps = []string{"accept"} // overdue
		default: // sent and never answered: overdue
		}
	case age > days(14):
		switch {
		case x < 35:
			steps = []string{"accept", "complete"}
		case x < 75:
			steps = []string{"accept"}
		}
	default:
		if x < 50 {
			steps = []string{"accept"}
		}
	}
	t := sent
	limit := minTime(end, w.now.Add(-time.Hour))
	for _, step := range steps {
		gap := between(r, 1, 6)
		if step == "complete" {
			gap = between(r, 5, 25)
		}
		if t = workAt(r, t.Add(days(gap))); !t.Before(limit) {
			break
		}
		fb := ""
		switch step {
		case "complete":
			fb = oneOf(r, feedbacks)
		case "decline":
			fb = oneOf(r, declines)
		}
		resp := &haki.ReferralResponse{Action: step, On: haki.Today(t), Feedback: fb}
		w.plan.add(t, answerer, "referral answer", func(ctx context.Context) error {
			if ref.ID == "" {
				return errSkip
			}
			resp.Version = ref.Version
			got, err := w.st.RespondReferral(ctx, ref.ID, resp)
			if err == nil {
				ref.Version = got.Version
			}
			return err
		})
	}
}

// courtStation names where a county's court sits.
func courtStation(county string) string {
	var num int
	fmt.Sscanf(strings.TrimPrefix(county, "KE-"), "%d", &num)
	switch {
	case num == 47:
		return "Milimani"
	case num >= 1 && num <= len(countyTable):
		return countyTable[num-1].town
	}
	return "Milimani"
}

var (
	sentences = []string{"Fifteen years' imprisonment for each of the two officers.", "Ten years' imprisonment.",
		"Seven years' imprisonment and a fine of KES 500,000."}
	happened = map[string][]string{
		"mention":    {"Matter mentioned; the prosecution asked for more time to supply witness statements.", "Mentioned to confirm compliance; a hearing date was taken."},
		"plea":       {"The accused officers took plea and denied the charges; released on bond."},
		"hearing":    {"Two prosecution witnesses testified; the client gave evidence.", "Hearing adjourned: the accused's counsel was absent.", "The investigating officer testified and was cross-examined."},
		"directions": {"Directions given on filing of affidavits and written submissions."},
		"ruling":     {"Ruling delivered on the preliminary objection; the matter proceeds."},
		"judgment":   {"Judgment delivered."},
		"other":      {"The file was placed before the court; a date was taken."},
	}
)

// planMatter plans a legal matter, its hearings and, for old ones, an outcome.
func (w *world) planMatter(cs *caseState, r *rand.Rand, start, end time.Time, open bool) {
	filed := workAt(r, start.Add(days(between(r, 30, 240))))
	if !filed.Before(end.Add(-days(10))) {
		filed = start.Add(end.Sub(start) / 2)
	}
	if !filed.After(start) || !open && end.Sub(filed) < days(200) {
		return
	}
	kind, court := "ipoa_complaint", "ipoa"
	x := r.IntN(100)
	switch cs.kind {
	case "extrajudicial_execution", "death_in_custody":
		switch {
		case x < 40:
			kind, court = "inquest", "magistrates_court"
		case x < 65:
			kind, court = "criminal_prosecution", "high_court"
		case x < 88:
			kind, court = "constitutional_petition", "high_court"
		}
	case "enforced_disappearance":
		if x < 60 {
			kind, court = "constitutional_petition", "high_court"
		}
	default:
		switch {
		case x < 35:
			kind, court = "criminal_prosecution", "magistrates_court"
		case x < 65:
			kind, court = "constitutional_petition", "high_court"
		case x < 70:
			kind, court = "private_prosecution", "magistrates_court"
		}
	}
	y, seq := filed.Year(), between(r, 1, 480)
	number := map[string]string{
		"inquest":                 fmt.Sprintf("Inquest No. E%03d of %d", seq, y),
		"criminal_prosecution":    fmt.Sprintf("Criminal Case E%03d of %d", seq, y),
		"constitutional_petition": fmt.Sprintf("Petition E%03d of %d", seq, y),
		"private_prosecution":     fmt.Sprintf("Private Prosecution E%03d of %d", seq, y),
		"ipoa_complaint":          fmt.Sprintf("IPOA/CMP/%d/%05d", y, between(r, 100, 30000)),
	}[kind]
	if court == "high_court" && kind == "criminal_prosecution" {
		number = fmt.Sprintf("HCCR E%03d of %d", seq, y)
	}
	m := &haki.LegalMatter{CaseID: cs.c.ID, Court: court, CourtStation: courtStation(cs.rc.County), CaseNumber: number, Kind: kind,
		Status: "filed", FiledOn: haki.Today(filed), Outcome: "pending"}
	if court == "ipoa" {
		m.CourtStation = ""
	}
	if lawyers := w.professionals("lawyer", cs.rc.County); len(lawyers) > 0 {
		m.CounselName = "Advocate " + oneOf(r, lawyers).rec.Name
	}
	if n := len(cs.rc.Involvements); n > 0 {
		m.AccusedIDs = append(m.AccusedIDs, cs.rc.Involvements[r.IntN(n)])
		if n > 1 && chance(r, 0.4) {
			m.AccusedIDs = append(m.AccusedIDs, cs.rc.Involvements[r.IntN(n)])
		}
	}
	w.matters++
	w.plan.add(filed, cs.cw, "legal matter", func(ctx context.Context) error {
		return count(&w.stats.Matters, w.st.CreateMatter(ctx, m, ""))
	})
	// Hearings, every one to four months.
	limit := w.now
	if !open {
		limit = end
	}
	purposes := map[string][]string{
		"criminal_prosecution":    {"plea", "mention", "hearing", "hearing", "hearing", "judgment"},
		"private_prosecution":     {"plea", "mention", "hearing", "hearing", "judgment"},
		"constitutional_petition": {"directions", "mention", "hearing", "hearing", "judgment"},
		"inquest":                 {"mention", "hearing", "hearing", "hearing", "ruling"},
	}[kind]
	var dates []time.Time
	t := filed
	for i := range purposes {
		t = haki.Today(t.Add(days(between(r, 40, 120))))
		for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
			t = t.Add(dayDur)
		}
		dates = append(dates, t.Add(6*time.Hour+time.Duration(r.IntN(4))*30*time.Minute)) // 09:00-10:30 in Nairobi
		if !t.Before(limit) || i >= 5 {
			break
		}
	}
	concluded := false
	for i, d := range dates {
		h := &haki.Hearing{Purpose: purposes[i], StartsAt: d}
		if i+1 < len(dates) {
			h.NextDate = haki.Today(dates[i+1].Add(3 * time.Hour))
		}
		at := d.Add(days(1))
		if d.After(w.now) { // the next sitting, set at the last one
			if !open {
				break
			}
			at = w.now.Add(-days(between(r, 2, 30)))
			if i > 0 {
				at = dates[i-1].Add(days(1))
			}
			if !at.After(filed.Add(days(1))) {
				at = filed.Add(days(1))
			}
		} else {
			h.WhatHappened = oneOf(r, happened[h.Purpose])
		}
		if at.After(limit) {
			break
		}
		if i == len(purposes)-1 && !d.After(w.now) && (h.Purpose == "judgment") {
			concluded = true
		}
		w.plan.add(workAt(r, at), cs.cw, "hearing", func(ctx context.Context) error {
			if m.ID == "" {
				return errSkip
			}
			h.MatterID = m.ID
			return count(&w.stats.Hearings, w.st.CreateHearing(ctx, h))
		})
	}
	// An outcome for matters that reached judgment, or long over.
	if !concluded && !(kind == "constitutional_petition" && w.now.Sub(filed) > days(900) && chance(r, 0.5)) {
		moved := filed.Add(days(between(r, 30, 60)))
		if len(dates) > 0 {
			moved = dates[0].Add(days(2))
		}
		if !open || moved.After(w.now) {
			return
		}
		m2 := *m
		m2.Status = "ongoing"
		w.plan.add(workAt(r, moved), cs.cw, "matter update", func(ctx context.Context) error {
			if m.ID == "" {
				return errSkip
			}
			m2.ID, m2.Version = m.ID, m.Version
			err := w.st.UpdateMatter(ctx, &m2)
			if err == nil {
				m.Version = m2.Version
			}
			return err
		})
		return
	}
	out := *m
	out.Status = "concluded"
	switch kind {
	case "criminal_prosecution", "private_prosecution":
		out.Outcome = oneOf(r, []string{"conviction", "acquittal", "acquittal", "withdrawn"})
		if !w.convicted {
			out.Outcome, w.convicted = "conviction", true
		}
	case "constitutional_petition":
		out.Outcome = oneOf(r, []string{"compensation", "compensation", "withdrawn"})
		if !w.compensated {
			out.Outcome, w.compensated = "compensation", true
		}
	default:
		out.Status = "ongoing"
	}
	switch out.Outcome {
	case "conviction":
		out.Sentence = oneOf(r, sentences)
	case "compensation":
		out.CompensationKES = int64(between(r, 30, 160)) * 50_000
	}
	at := filed.Add(days(900))
	if len(dates) > 0 {
		at = dates[len(dates)-1].Add(days(2))
	}
	if at.After(limit) {
		at = limit.Add(-time.Hour)
	}
	w.plan.add(workAt(r, at), cs.cw, "matter outcome", func(ctx context.Context) error {
		if m.ID == "" {
			return errSkip
		}
		out.ID, out.Version = m.ID, m.Version
		return w.st.UpdateMatter(ctx, &out)
	})
}

// planTasks plans a case's tasks: done, overdue, delegated, for the team
// or for an assigned professional.
func (w *world) planTasks(cs *caseState, r *rand.Rand, start, end time.Time) {
	c := cs.c
	n := between(r, 1, 2)
	if c.Status == "closed" {
		n = between(r, 0, 1)
	}
	if end.Sub(start) > days(300) {
		start = end.Add(-days(300))
	}
	for i := range n {
		created := workAt(r, start.Add(time.Duration(r.Int64N(int64(end.Sub(start))+1))))
		if !created.Before(end) {
			created = end.Add(-time.Hour)
		}
		t := &haki.Task{Title: oneOf(r, taskTitles), CaseID: c.ID, DueOn: haki.Today(created.Add(days(between(r, 3, 21)))),
			AssigneeUserID: cs.cw.ID}
		by, doer := cs.cw, cs.cw
		var delegate *haki.User
		switch x := r.IntN(100); {
		case i == 0 && len(cs.profs) > 0 && x < 40:
			t.Title = oneOf(r, profTaskTitles)
			t.AssigneeUserID, doer = cs.profs[0].user.ID, cs.profs[0].user
		case x < 12 && !c.Sensitive:
			t.AssigneeUserID, t.AssigneeTeamID = "", c.TeamID
		case x < 26:
			var mates []*haki.User
			if !c.Sensitive {
				for _, u := range w.teamWorkers[c.TeamID] {
					if u.ID != cs.cw.ID {
						mates = append(mates, u)
					}
				}
			}
			for _, np := range cs.profs {
				mates = append(mates, np.user)
			}
			if len(mates) > 0 {
				delegate = oneOf(r, mates)
				doer = delegate
			}
		}
		if cs.cw.Role != haki.RoleCaseworker {
			t.AssigneeUserID, t.AssigneeTeamID = cs.cw.ID, ""
		}
		w.plan.add(created, by, "task", func(ctx context.Context) error {
			return count(&w.stats.Tasks, w.st.CreateTask(ctx, t))
		})
		if delegate != nil {
			w.plan.add(created.Add(days(1)), by, "delegation", func(ctx context.Context) error {
				if t.ID == "" {
					return errSkip
				}
				got, err := w.st.DelegateTask(ctx, t.ID, haki.Delegation{ToUserID: delegate.ID, Note: "Please take this on; you know the family.", Version: t.Version})
				if err == nil {
					t.Version = got.Version
				}
				return err
			})
		}
		// Most tasks whose day has passed are done; the rest are overdue.
		if due := t.DueOn.Add(days(1)); due.Before(w.now.Add(-days(2))) && chance(r, 0.8) {
			done := workAt(r, t.DueOn.Add(-days(between(r, 0, 3))))
			if !done.After(created.Add(days(1))) {
				done = created.Add(days(1) + time.Hour)
			}
			if done.After(w.now) {
				continue
			}
			w.plan.add(done, doer, "task done", func(ctx context.Context) error {
				if t.ID == "" {
					return errSkip
				}
				_, err := w.st.CompleteTask(ctx, t.ID)
				return err
			})
		}
	}
}

// groupSessions plans two group counselling sessions: one for clients of
// the Nairobi team and one for another team's, each recorded once by the
// caseworker for every attendee.
func (w *world) groupSessions(cases []*RecordedCase) {
	r := w.r
	for _, spec := range []struct {
		user, county string
		ago          int
	}{{"caseworker", "KE-047", 9}, {"caseworker4", "KE-001", 38}, {"caseworker", "KE-047", 45}} {
		u := w.byName[spec.user]
		if u == nil {
			continue
		}
		at := workAt(r, w.now.Add(-days(spec.ago)))
		var ids []string
		for i := len(cases) - 1; i >= 0 && len(ids) < 6; i-- {
			c := cases[i].Case
			if c.TeamID == u.TeamID && !c.Sensitive && c.Status != "closed" && c.CreatedAt.Before(at.Add(-days(7))) && chance(r, 0.7) {
				ids = append(ids, c.ID)
			}
		}
		if len(ids) < 3 {
			continue
		}
		ps := w.professionals("counsellor", spec.county)
		if len(ps) == 0 {
			continue
		}
		prof := oneOf(r, ps)
		sv := &haki.Service{CaseID: ids[0], AttendeeCaseIDs: ids[1:], Type: "counselling_group", DeliveredOn: haki.Today(at),
			DurationMinutes: 120, CostKES: int64(between(r, 8, 18)) * 1000, Outcome: outcomes["counselling_group"][0],
			Notes: "Support group for survivors and families; tea and transport refunds given."}
		w.plan.add(at, u, "group session", func(ctx context.Context) error {
			if sv.ProfessionalID = prof.rec.ID; sv.ProfessionalID == "" {
				return errSkip
			}
			err := w.st.CreateService(ctx, sv)
			if err == nil {
				w.stats.GroupSessions++
				w.stats.Services += len(ids)
			}
			return err
		})
	}
}

// minorIntake plans the guided intake of a sixteen-year-old girl, whose
// mother consents for her, and a referral to the demo doctor.
func (w *world) minorIntake(cases []*RecordedCase) {
	u := w.byName["caseworker"]
	if u == nil || len(cases) == 0 {
		return
	}
	r := w.r
	var incident string
	for i := len(cases) - 1; i >= 0 && incident == ""; i-- {
		if cases[i].County == "KE-047" && len(cases[i].Case.IncidentIDs) > 0 {
			incident = cases[i].Case.IncidentIDs[0]
		}
	}
	if incident == "" {
		incident = cases[len(cases)-1].Case.IncidentIDs[0]
	}
	at := workAt(r, w.now.Add(-days(12)))
	girl := newName(r, kikuyu, false)
	mother := newName(r, kikuyu, false)
	mother.last = girl.last
	birth := haki.Today(at).AddDate(-16, -between(r, 1, 10), 0)
	day := haki.Today(at)
	guardian := func(purpose, decision string) haki.Consent {
		return haki.Consent{Purpose: purpose, Decision: decision, DecidedOn: day, Method: "signed_form", Language: "sw",
			GuardianName: mother.full(), GuardianRelation: "Mother", Notes: "Explained to the client and her mother together."}
	}
	var assignees []string
	if p := w.byName["professional"]; p != nil {
		assignees = []string{p.ID}
	}
	in := &haki.Intake{
		NewClient: &haki.Person{FullName: girl.full(), Sex: "female", BirthDate: haki.FuzzyDate{Date: birth, Precision: haki.PrecisionDay},
			CountyCode: "KE-047", Occupation: "student", NextOfKin: mother.full() + " (mother)"},
		IncidentIDs: []string{incident},
		Consents: []haki.Consent{guardian(haki.ConsentCare, "given"), guardian(haki.ConsentSharing, "given"),
			guardian(haki.ConsentLitigation, "given"), guardian(haki.ConsentPublication, "refused")},
		Assessment: &haki.Assessment{AssessedOn: day, ThreatLevel: "medium", ThreatenedBy: oneOf(r, threatened), SafeToCall: false,
			SafeToText: true, SafeTimes: "Weekdays after 16:00, through the mother's phone", ContactMethod: "sms",
			Needs: []string{"medical", "psychological", "legal"}},
		Case: haki.Case{ClientRelation: "survivor", IntakeDate: day, IntakeChannel: "walk_in", CaseworkerID: u.ID, TeamID: u.TeamID,
			Sensitive: true, AssigneeIDs: assignees,
			Summary: "A sixteen-year-old student beaten by officers during the same operation; came with her mother. Needs a medical report and counselling."},
	}
	var got *haki.Case
	w.plan.add(at, u, "intake", func(ctx context.Context) error {
		c, err := w.st.FinishIntake(ctx, in, "")
		got = c
		return count(&w.stats.Intakes, err)
	})
	if np := w.profOfUser[w.idOf("professional")]; np != nil {
		ref := &haki.Referral{SentOn: day, Reason: "Medico-legal examination and P3 form for a minor; her mother will come with her."}
		w.plan.add(at.Add(time.Hour), u, "referral", func(ctx context.Context) error {
			if got == nil || np.rec.ID == "" {
				return errSkip
			}
			ref.CaseID, ref.ProfessionalID = got.ID, np.rec.ID
			return count(&w.stats.Referrals, w.st.CreateReferral(ctx, ref))
		})
		w.plan.add(workAt(r, at.Add(days(1))), np.user, "referral answer", func(ctx context.Context) error {
			if ref.ID == "" {
				return errSkip
			}
			got, err := w.st.RespondReferral(ctx, ref.ID, &haki.ReferralResponse{Action: "accept", On: haki.Today(at.Add(days(1))), Version: ref.Version})
			if err == nil {
				ref.Version = got.Version
			}
			return err
		})
		exam := at.Add(days(3))
		sv := &haki.Service{Type: "medico_legal_examination", DeliveredOn: haki.Today(exam), DurationMinutes: 60, CostKES: 5000,
			Outcome: "Injuries examined and documented with her mother present; P3 form filled."}
		w.plan.add(workAt(r, exam), np.user, "service", func(ctx context.Context) error {
			if got == nil {
				return errSkip
			}
			sv.CaseID = got.ID
			return count(&w.stats.Services, w.st.CreateService(ctx, sv))
		})
	}
}

func (w *world) idOf(username string) string {
	if u := w.byName[username]; u != nil {
		return u.ID
	}
	return ""
}

// diaryTasks plans tasks on no case: reports, meetings, licences.
func (w *world) diaryTasks() {
	r := w.r
	for _, spec := range []struct {
		user, title string
		team        bool
		created     int // days ago
		due         int // days from now
	}{
		{"caseworker", "Submit the monthly activity report", false, 6, 4},
		{"caseworker", "Prepare the at-risk cases for the team review", false, 10, -2},
		{"caseworker", "Update the referral list for Kiambu and Machakos", true, 14, -4},
		{"caseworker2", "Book the venue for the survivors' support day", true, 8, 10},
		{"professional", "Renew the practising licence", false, 20, 15},
		{"professional", "Send the quarterly invoice for services", false, 12, -3},
	} {
		u := w.byName[spec.user]
		if u == nil {
			continue
		}
		t := &haki.Task{Title: spec.title, DueOn: haki.Today(w.now.Add(days(spec.due))), AssigneeUserID: u.ID}
		if spec.team && u.TeamID != "" {
			t.AssigneeUserID, t.AssigneeTeamID = "", u.TeamID
		}
		w.plan.add(workAt(r, w.now.Add(-days(spec.created))), u, "task", func(ctx context.Context) error {
			return count(&w.stats.Tasks, w.st.CreateTask(ctx, t))
		})
	}
}
