package web

import (
	"regexp"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/recur"
)

// The store writes each timeline line's summary once, in English with
// codes ("hearing: mention, high_court", "task done: Call the OCS"), sealed
// with the case's key; the page says it again in the reader's language.
// summaryForms lists, per kind of line, the shapes the store writes: a
// pattern, the catalogue key of the sentence, and how to show each part the
// pattern captures. A summary of no known shape (written by an older
// version) falls back to its codes shown as labels.
type summaryForm struct {
	re   *regexp.Regexp
	key  string
	args []string // per capture: "text" as written, "vocab:NAME", "what", "title", or a catalogue prefix ("matter.court.")
}

func shape(pattern, key string, args ...string) summaryForm {
	return summaryForm{re: regexp.MustCompile(`^(?s)` + pattern + `$`), key: key, args: args}
}

const (
	codePat = `([a-z][a-z0-9_]*)`
	dayPat  = `(\d{4}-\d\d-\d\d)`
)

var summaryForms = map[string][]summaryForm{
	haki.EventIntake:     {shape(`intake: `+codePat, "timeline.intake", "vocab:intake_channel")},
	haki.EventAssessment: {shape(`threat: `+codePat, "timeline.threat", "assessment.threat.")},
	haki.EventConsent: {
		shape(`override of `+codePat+` consent for (.+?): (.*)`, "timeline.consent_override", "consent.purpose.", "what", "text"),
		shape(codePat+`: `+codePat, "timeline.consent", "consent.purpose.", "consent.decision."),
	},
	haki.EventService: {
		shape(`service: `+codePat+` \(group session, (\d+) attendees\)`, "timeline.service_group", "service.type.", "text"),
		shape(`service: `+codePat, "timeline.service", "service.type."),
		shape(`service changed: `+codePat, "timeline.service_changed", "service.type."),
		shape(`service removed: `+codePat, "timeline.service_removed", "service.type."),
	},
	haki.EventReferral: {
		shape(`referral sent to a `+codePat+`, due `+dayPat, "timeline.referral_sent", "timeline.referral_to.", "text"),
		shape(`referral `+codePat, "timeline.referral", "referral.status."),
	},
	haki.EventMatter: {
		shape(`matter: `+codePat+`, `+codePat, "timeline.matter", "matter.kind.", "matter.court."),
		shape(`outcome: `+codePat, "timeline.matter_outcome", "matter.outcome."),
		shape(`matter updated: `+codePat+`, `+codePat, "timeline.matter_updated", "matter.kind.", "matter.status."),
		shape(`matter status: `+codePat+` → `+codePat, "timeline.matter_status", "matter.status.", "matter.status."),
	},
	haki.EventHearing: {
		shape(`hearing: `+codePat+`, `+codePat+`, next `+dayPat, "timeline.hearing_next", "hearing.purpose.", "matter.court.", "text"),
		shape(`hearing: `+codePat+`, `+codePat, "timeline.hearing", "hearing.purpose.", "matter.court."),
		shape(`updated hearing: `+codePat+`, `+codePat+`, next `+dayPat, "timeline.hearing_updated_next", "hearing.purpose.", "matter.court.", "text"),
		shape(`updated hearing: `+codePat+`, `+codePat, "timeline.hearing_updated", "hearing.purpose.", "matter.court."),
	},
	haki.EventStatus: {
		shape(codePat+` → `+codePat+` \(`+codePat+`\): (.*)`, "timeline.status_closed_reason", "vocab:case_status", "vocab:case_status", "vocab:closure_reason", "text"),
		shape(codePat+` → `+codePat+` \(`+codePat+`\)`, "timeline.status_closed", "vocab:case_status", "vocab:case_status", "vocab:closure_reason"),
		shape(codePat+` → `+codePat+`: (.*)`, "timeline.status_reason", "vocab:case_status", "vocab:case_status", "text"),
		shape(codePat+` → `+codePat, "timeline.status", "vocab:case_status", "vocab:case_status"),
	},
	haki.EventContact: {shape(`contact: `+codePat+`, `+codePat, "timeline.contact", "contact.method.", "contact.outcome.")},
	haki.EventAppointment: {
		shape(`appointment scheduled: `+codePat+`, (\d{4}-\d\d-\d\d \d\d:\d\d)`, "timeline.appointment_scheduled", "appointment.type.", "text"),
		shape(`appointment moved: `+codePat+`, (\d{4}-\d\d-\d\d \d\d:\d\d)`, "timeline.appointment_moved", "appointment.type.", "text"),
		shape(`appointment `+codePat+`: `+codePat, "timeline.attendance", "attendance.", "appointment.type."),
		shape(codePat+` `+codePat, "timeline.session_attendance", "calendar.kind.", "attendance."),
	},
	haki.EventTask: {
		shape(`task: (.*), due `+dayPat, "timeline.task", "title", "text"),
		shape(`task done: (.*)`, "timeline.task_done", "title"),
		shape(`task delegated: (.*)`, "timeline.task_delegated", "title"),
		shape(`task `+codePat+`: (.*)`, "timeline.task_status", "task.status.", "title"),
	},
	haki.EventDocument: {shape(codePat, "timeline.document", "evidence.kind.")},
}

// calendarLine is the shape of the lines a calendar event of a case
// writes (calendar_event.go): "group_session scheduled: group_session,
// 2026-12-02 10:00, repeating FREQ=WEEKLY;COUNT=8".
var calendarLine = regexp.MustCompile(`^` + codePat + ` ` + codePat + `: ` + codePat + `(?:: ` + codePat + `)?, (\d{4}-\d\d-\d\d \d\d:\d\d)(?:, repeating (.+))?$`)

// Summary is a timeline line's summary in the reader's language, the codes
// it names shown as labels. Notes are shown as written.
func (v eventsView) Summary(e *haki.CaseEvent) string {
	if e.Kind == haki.EventAppointment {
		if m := calendarLine.FindStringSubmatch(e.Summary); m != nil && m[1] == m[3] {
			return v.calendarSummary(m)
		}
	}
	for _, f := range summaryForms[e.Kind] {
		m := f.re.FindStringSubmatch(e.Summary)
		if m == nil || len(m)-1 != len(f.args) {
			continue
		}
		args := make([]any, len(f.args))
		for i, how := range f.args {
			args[i] = v.part(how, m[i+1])
		}
		return v.T(f.key, args...)
	}
	return v.labelCodes(e)
}

// part shows one captured part of a summary.
func (v eventsView) part(how, s string) string {
	switch how {
	case "text":
		return s
	case "title":
		return followupHelpers{}.TaskTitle(v.Page, &haki.Task{Title: s})
	case "what":
		if ref, ok := strings.CutPrefix(s, "incident "); ok {
			return v.T("timeline.what.incident", ref)
		}
		return v.T("timeline.what." + strings.ReplaceAll(s, " ", "_"))
	}
	if name, ok := strings.CutPrefix(how, "vocab:"); ok {
		return v.Vocab.Label(name, s)
	}
	return v.label(how, s)
}

// label is the catalogue's label of a codePat, or the codePat when it has none.
func (v eventsView) label(prefix, c string) string {
	if l := v.T(prefix + c); l != prefix+c {
		return l
	}
	return c
}

// calendarSummary says a calendar event's line: what (kind and type),
// what happened to it, when, and how it repeats.
func (v eventsView) calendarSummary(m []string) string {
	what := v.label("calendar.kind.", m[3])
	if m[4] != "" {
		what += " · " + v.label("appointment.type.", m[4])
	}
	when := m[5]
	if r := m[6]; r != "" {
		start, _ := time.ParseInLocation("2006-01-02 15:04", m[5], haki.Nairobi)
		if rule, err := recur.Parse(r); err == nil {
			d := rule.Describe(start, v.Lang)
			when += " · " + strings.ToLower(d[:1]) + d[1:]
		} else {
			when += " · " + v.T("timeline.repeats")
		}
	}
	return v.T("timeline.calendar."+m[2], what, when)
}

var codeRe = regexp.MustCompile(`[a-z][a-z0-9_]*`)

// labelCodes shows a summary of no known shape with every codePat that has a
// label in its kind's lists shown as that label.
func (v eventsView) labelCodes(e *haki.CaseEvent) string {
	var prefixes []string
	for _, f := range summaryForms[e.Kind] {
		for _, a := range f.args {
			if a != "text" && a != "title" && a != "what" {
				prefixes = append(prefixes, a)
			}
		}
	}
	if e.Kind == haki.EventNote || len(prefixes) == 0 {
		return e.Summary
	}
	return codeRe.ReplaceAllStringFunc(e.Summary, func(c string) string {
		for _, p := range prefixes {
			if l := v.part(p, c); l != c && l != "" {
				return l
			}
		}
		return c
	})
}
