package web

import (
	"regexp"
	"strings"

	"github.com/haki-kenya/haki"
)

// eventCodes lists, for each kind of timeline line, where the codes its
// summary names find their labels: a prefix of catalogue keys, or "vocab:"
// and a vocabulary of the case (caseVocabs). The store writes summaries in
// English with codes ("hearing: mention, high_court"); the page shows labels.
var eventCodes = map[string][]string{
	haki.EventIntake:      {"vocab:intake_channel"},
	haki.EventAssessment:  {"assessment.threat."},
	haki.EventConsent:     {"consent.purpose.", "consent.decision."},
	haki.EventService:     {"service.type."},
	haki.EventMatter:      {"matter.kind.", "matter.court.", "matter.status.", "matter.outcome."},
	haki.EventHearing:     {"hearing.purpose.", "matter.court."},
	haki.EventStatus:      {"vocab:case_status", "vocab:closure_reason"},
	haki.EventContact:     {"contact.method.", "contact.outcome."},
	haki.EventAppointment: {"appointment.type."},
	haki.EventDocument:    {"evidence.kind."},
}

var codeRe = regexp.MustCompile(`[a-z][a-z0-9_]*`)

// Summary is a timeline line's summary with the codes it names shown as
// labels in the reader's language. Only the part that holds codes is
// changed: after the first ": " (before it for a change of status, whose
// written reason follows); notes, tasks, referrals and overrides of consent
// carry free text and are shown as written.
func (v eventsView) Summary(e *haki.CaseEvent) string {
	sources := eventCodes[e.Kind]
	if len(sources) == 0 || strings.HasPrefix(e.Summary, "override") {
		return e.Summary
	}
	label := func(code string) string {
		for _, src := range sources {
			if name, ok := strings.CutPrefix(src, "vocab:"); ok {
				if l := v.Vocab.Label(name, code); l != code && l != "" {
					return l
				}
				continue
			}
			if l := v.T(src + code); l != src+code {
				return l
			}
		}
		return code
	}
	if e.Kind == haki.EventStatus {
		if i := strings.Index(e.Summary, ": "); i >= 0 {
			return codeRe.ReplaceAllStringFunc(e.Summary[:i], label) + e.Summary[i:]
		}
		return codeRe.ReplaceAllStringFunc(e.Summary, label)
	}
	if e.Kind == haki.EventDocument {
		return label(e.Summary)
	}
	i := strings.Index(e.Summary, ": ")
	if i < 0 {
		return e.Summary
	}
	return e.Summary[:i+2] + codeRe.ReplaceAllStringFunc(e.Summary[i+2:], label)
}
