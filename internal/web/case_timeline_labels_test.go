package web

import (
	"context"
	"regexp"
	"testing"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/storetest"
)

// rawCode finds what a person should never read: a snake_case code, a
// recurrence rule, or an English prefix of the store's summaries.
var rawCode = regexp.MustCompile(`\b[a-z]+_[a-z_]+\b|FREQ=|^(task|threat|hearing|matter|service|referral|appointment|intake|contact|outcome)\b`)

// TestTimelineSentences: every shape of line the store writes reads as a
// sentence with labels, in English and in Kiswahili.
func TestTimelineSentences(t *testing.T) {
	app := newTestApp(t, storetest.Open(t))
	summaries := map[string]string{
		"intake: walk_in": haki.EventIntake,
		"threat: high":    haki.EventAssessment,
		"care: given":     haki.EventConsent,
		"override of litigation consent for legal matter: The client fled": haki.EventConsent,
		"service: counselling_group (group session, 6 attendees)":          haki.EventService,
		"service removed: medico_legal_examination":                        haki.EventService,
		"referral sent to a professional, due 2026-12-09":                  haki.EventReferral,
		"referral accepted":                                           haki.EventReferral,
		"matter: criminal_prosecution, high_court":                    haki.EventMatter,
		"matter status: filed → ongoing":                              haki.EventMatter,
		"outcome: conviction":                                         haki.EventMatter,
		"hearing: mention, high_court, next 2026-12-20":               haki.EventHearing,
		"updated hearing: plea, magistrates_court":                    haki.EventHearing,
		"active → closed (lost_to_follow_up): Moved away":             haki.EventStatus,
		"intake → active":                                             haki.EventStatus,
		"contact: trusted_contact, no_answer":                         haki.EventContact,
		"appointment scheduled: legal_consultation, 2026-12-03 10:00": haki.EventAppointment,
		"appointment missed: medical_review":                          haki.EventAppointment,
		"group_session missed":                                        haki.EventAppointment,
		"group_session scheduled: group_session, 2026-12-02 10:00, repeating FREQ=WEEKLY;COUNT=8": haki.EventAppointment,
		"appointment changed: appointment: statement_recording, 2026-12-04 09:00":                 haki.EventAppointment,
		"task: Follow up missed appointment, due 2026-12-08":                                      haki.EventTask,
		"task done: Ring the OCS":      haki.EventTask,
		"task delegated: Ring the OCS": haki.EventTask,
		"autopsy_report":               haki.EventDocument,
	}
	for _, lang := range []string{"en", "sw"} {
		vocab, err := app.server.vocab(context.Background(), lang, caseVocabs...)
		if err != nil {
			t.Fatal(err)
		}
		v := eventsView{Page: Page{Lang: lang, cat: app.server.cat}, Vocab: vocab}
		for summary, kind := range summaries {
			got := v.Summary(&haki.CaseEvent{Kind: kind, Summary: summary})
			if rawCode.MatchString(got) || got == summary {
				t.Errorf("%s: %q reads %q", lang, summary, got)
			}
		}
	}
	sw := eventsView{Page: Page{Lang: "sw", cat: app.server.cat}}
	if got := sw.Summary(&haki.CaseEvent{Kind: haki.EventAppointment,
		Summary: "group_session scheduled: group_session, 2026-12-02 10:00, repeating FREQ=WEEKLY;COUNT=8"}); got !=
		"Kikao cha tiba ya kikundi imepangwa: 2026-12-02 10:00 · kila wiki siku ya Jumatano, mara 8" {
		t.Errorf("series in Kiswahili: %q", got)
	}
	if got := sw.Summary(&haki.CaseEvent{Kind: haki.EventNote, Summary: "task: not a code, a note"}); got != "task: not a code, a note" {
		t.Errorf("a note changed: %q", got)
	}
}
