package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/store"
	"github.com/haki-kenya/haki/internal/storetest"
)

// evalWorld is a case of Amani Wekesa's with a network doctor assigned (an
// account linked to the directory, enrolled in two-step sign-in), its
// caseworker, and a data manager granted clinical access.
type evalWorld struct {
	*storyWorld
	clock          *clock
	docUser        *haki.User
	doc            context.Context
	docSecret      string
	clinicalStaff  context.Context
	clinicalSecret string
}

func newEvalWorld(t *testing.T, s *store.Store) *evalWorld {
	t.Helper()
	c := newClock(s)
	w := &evalWorld{storyWorld: newStoryWorld(t, s), clock: c}
	w.docUser = storetest.MustUser(t, s, "drkamau", haki.RoleProfessional, "")
	mustProfessional(t, s, w.dm, "Dr Wanjiru Kamau", "doctor", "available", w.docUser.ID, "KE-047")
	w.kase.AssigneeIDs = append(w.kase.AssigneeIDs, w.docUser.ID)
	if err := s.UpdateCase(w.dm, w.kase); err != nil {
		t.Fatal(err)
	}
	w.docSecret, _ = mustEnrol(t, s, c, w.docUser)
	w.doc = storetest.As(w.docUser)
	staff := storetest.MustUser(t, s, "clinicaldm", haki.RoleDataManager, "")
	staff.ClinicalAccess = true
	if err := s.UpdateUser(haki.SystemContext(context.Background()), staff, store.AccountProof{}); err != nil {
		t.Fatal(err)
	}
	w.clinicalSecret, _ = mustEnrol(t, s, c, staff)
	w.clinicalStaff = storetest.As(staff)
	return w
}

func (w *evalWorld) code(t *testing.T, secret string) store.AccountProof {
	t.Helper()
	w.clock.advance(30 * time.Second)
	return store.AccountProof{Code: mustCode(t, secret, w.clock.now())}
}

func draftEvaluation(caseID string) *haki.Evaluation {
	return &haki.Evaluation{CaseID: caseID, Kind: "both", ExaminedOn: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC),
		EvaluationContent: haki.EvaluationContent{Place: "Kenyatta National Hospital", Account: "Beaten with batons at the station",
			ExamConsent: "given", ExamConsentMethod: "signed_form", Uses: []string{haki.ConsentLitigation},
			Findings: []*haki.Finding{
				{Kind: "physical", View: "back", X: 0.5, Y: 0.4, Region: "upper_back", LesionType: "bruise",
					Description: "Tramline bruises across the back", Size: "12 x 3 cm", AllegedMethod: "beating", Opinion: "highly_consistent"},
				{Kind: "psychological", Description: "Nightmares and flashbacks", AllegedMethod: "beating", Opinion: "consistent"},
			},
			Interpretation: "The findings as a whole correspond to the account.", OverallLevel: "highly_consistent"}}
}

// TestEvaluationLifecycle: a doctor of the directory opens a draft, saves
// it (a stale version refused), signs it with a fresh code (a wrong code
// refused, nothing signed), after which it never changes; an addendum is
// signed and chained; the content is sealed at rest.
func TestEvaluationLifecycle(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newEvalWorld(t, s)
		e := draftEvaluation(w.kase.ID)
		if err := s.CreateEvaluation(w.cw, e); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Fatalf("caseworker not in the directory opened an evaluation: %v", err)
		}
		if err := s.CreateEvaluation(w.doc, e); err != nil {
			t.Fatal(err)
		}
		if e.EvaluatorName != "Dr Wanjiru Kamau" || e.EvaluatorProfession != "doctor" || !strings.Contains(e.Qualifications, "Istanbul Protocol") {
			t.Fatalf("evaluator not taken from the directory: %+v", e)
		}
		e.Account += ", then held three days."
		photo := &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: w.kase.ID, Kind: "photo", Filename: "back.png", Clinical: true}
		if err := s.Evidence(t.TempDir()).CreateEvidence(w.doc, photo, bytes.NewReader(tinyPNG)); err != nil {
			t.Fatal(err)
		}
		e.Findings[0].PhotoIDs = []string{"not-a-file"}
		if err := s.SaveEvaluation(w.doc, e); haki.ErrorCode(err) != haki.EINVALID || firstField(err) != "finding_1_photos" {
			t.Fatalf("a photograph not of the case: %v", err)
		}
		e.Findings[0].PhotoIDs = []string{photo.ID}
		e.ActIDs = []string{"not-an-act"}
		if err := s.SaveEvaluation(w.doc, e); haki.ErrorCode(err) != haki.EINVALID || firstField(err) != "act_ids" {
			t.Fatalf("an act not of the case: %v", err)
		}
		e.ActIDs = nil
		v1 := e.Version
		if err := s.SaveEvaluation(w.doc, e); err != nil {
			t.Fatal(err)
		}
		stale := draftEvaluation(w.kase.ID)
		stale.ID, stale.Version = e.ID, v1
		if err := s.SaveEvaluation(w.doc, stale); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("stale save: %v", err)
		}
		if _, err := s.SignEvaluation(w.doc, e.ID, e.Version, store.AccountProof{Code: "000000"}); haki.ErrorCode(err) != haki.EINVALID {
			t.Fatalf("wrong code: %v", err)
		}
		signed, err := s.SignEvaluation(w.doc, e.ID, e.Version, w.code(t, w.docSecret))
		if err != nil {
			t.Fatal(err)
		}
		if signed.Status != haki.EvaluationSigned || len(signed.Hash) != 64 {
			t.Fatalf("signed: %+v", signed)
		}
		got, err := s.FindEvaluation(w.doc, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Hash != got.SignedHash() || !strings.Contains(got.Account, "three days") || len(got.Findings) != 2 {
			t.Fatalf("read back: hash %s vs %s, %+v", got.Hash, got.SignedHash(), got.EvaluationContent)
		}
		got.Account = "changed"
		if err := s.SaveEvaluation(w.doc, got); haki.ErrorCode(err) != haki.ECONFLICT {
			t.Fatalf("a signed evaluation changed: %v", err)
		}
		add := &haki.Addendum{Reason: "X-ray result", Text: "The X-ray shows a healed rib fracture."}
		if err := s.AddAddendum(w.doc, e.ID, add, w.code(t, w.docSecret)); err != nil {
			t.Fatal(err)
		}
		got, _ = s.FindEvaluation(w.doc, e.ID)
		if len(got.Addenda) != 1 || got.Addenda[0].Hash != got.Addenda[0].ChainHash(got.Hash) || got.Addenda[0].SignerName != "Dr Wanjiru Kamau" {
			t.Fatalf("addenda: %+v", got.Addenda)
		}
		// At rest, nothing of the content or the doctor's name is in the clear.
		var content, name string
		if err := s.QueryRowForTest(context.Background(), `SELECT content, evaluator_name FROM evaluations WHERE id = ?`, e.ID).Scan(&content, &name); err != nil {
			t.Fatal(err)
		}
		for _, secret := range []string{"Beaten", "Tramline", "Wanjiru"} {
			if strings.Contains(content+name, secret) {
				t.Fatalf("%q stored in the clear", secret)
			}
		}
	})
}

// TestEvaluationAccess: the caseworker sees that the evaluation exists but
// not its content, through every door of the store; staff granted clinical
// access read it; a professional not assigned to the case does not even see
// it; a report needs the use allowed and the case's consent given.
func TestEvaluationAccess(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newEvalWorld(t, s)
		e := draftEvaluation(w.kase.ID)
		if err := s.CreateEvaluation(w.doc, e); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SignEvaluation(w.doc, e.ID, e.Version, w.code(t, w.docSecret)); err != nil {
			t.Fatal(err)
		}
		// A photograph of the injury, uploaded by the doctor as a clinical
		// file of the case: only they and clinical staff see it.
		ev := s.Evidence(t.TempDir())
		photo := &haki.Evidence{OwnerKind: haki.OwnerCase, OwnerID: w.kase.ID, Kind: "photo", Filename: "back.png", Clinical: true}
		if err := ev.CreateEvidence(w.cw, photo, bytes.NewReader(tinyPNG)); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Fatalf("a caseworker added a clinical file: %v", err)
		}
		if err := ev.CreateEvidence(w.doc, photo, bytes.NewReader(tinyPNG)); err != nil {
			t.Fatal(err)
		}
		for who, ctx := range map[string]context.Context{"caseworker": w.cw, "data manager": w.dm} {
			if _, _, err := ev.FindEvidenceByID(ctx, photo.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
				t.Errorf("%s opened the clinical photograph: %v", who, err)
			}
			if list, err := ev.FindEvidence(ctx, haki.OwnerCase, w.kase.ID); err != nil || len(list) != 0 {
				t.Errorf("%s lists the clinical photograph: %v %v", who, list, err)
			}
		}
		for _, ctx := range []context.Context{w.doc, w.clinicalStaff} {
			if _, _, err := ev.FindEvidenceByID(ctx, photo.ID); err != nil {
				t.Fatalf("clinician: %v", err)
			}
		}
		hidden, err := s.FindEvaluation(w.cw, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(hidden)
		if !hidden.Restricted || bytes.Contains(b, []byte("Tramline")) || bytes.Contains(b, []byte("Beaten")) || hidden.EvaluatorName == "" {
			t.Fatalf("caseworker read: %s", b)
		}
		if dm, err := s.FindEvaluation(w.dm, e.ID); err != nil || !dm.Restricted || dm.Account != "" {
			t.Fatalf("a data manager without clinical access read it: %+v, %v", dm, err)
		}
		list, err := s.FindEvaluations(w.cw, w.kase.ID)
		if err != nil || len(list) != 1 || !list[0].Restricted {
			t.Fatalf("caseworker list: %+v, %v", list, err)
		}
		if _, err := s.EvaluationForReport(w.cw, e.ID, haki.ConsentLitigation); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Fatalf("caseworker report: %v", err)
		}
		if err := s.AddAddendum(w.cw, e.ID, &haki.Addendum{Reason: "r", Text: "t"}, store.AccountProof{Code: "123456"}); err == nil {
			t.Fatal("caseworker added an addendum")
		}
		open, err := s.FindEvaluation(w.clinicalStaff, e.ID)
		if err != nil || open.Restricted || !strings.Contains(open.Account, "Beaten") {
			t.Fatalf("clinical staff: %+v, %v", open, err)
		}
		if _, err := s.FindEvaluation(w.other, e.ID); haki.ErrorCode(err) != haki.ENOTFOUND {
			t.Fatalf("a caseworker of no team sees it: %v", err)
		}
		// Reports: the use must be allowed, and the consent given now.
		if _, err := s.EvaluationForReport(w.doc, e.ID, haki.ConsentSharing); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Fatalf("a use the client did not allow: %v", err)
		}
		if _, err := s.EvaluationForReport(w.doc, e.ID, haki.ConsentLitigation); haki.ErrorCode(err) != haki.EINVALID {
			t.Fatalf("no litigation consent on the case: %v", err)
		}
		if err := s.RecordConsent(w.dm, consent(w.kase.ID, haki.ConsentLitigation, "given", haki.Today(s.Now()))); err != nil {
			t.Fatal(err)
		}
		if _, err := s.EvaluationForReport(w.doc, e.ID, haki.ConsentLitigation); err != nil {
			t.Fatalf("report with consent: %v", err)
		}
		// The client erased: the content and the names go with the case's key;
		// the header and the signed hash stay.
		if err := s.ErasePerson(w.admin, w.client.ID, "asked to be forgotten"); err != nil {
			t.Fatal(err)
		}
		gone, err := s.FindEvaluation(w.doc, e.ID)
		if err != nil || gone.Account != "" || len(gone.Findings) != 0 || gone.EvaluatorName != "" || len(gone.Hash) != 64 {
			t.Fatalf("after erasure: %+v, %v", gone, err)
		}
	})
}

// TestEvaluationInstrumentsAndForms: a PHQ-9 is scored by the store, not
// taken from the form; an unanswered item or an unknown form field is
// refused with its field named; an administrator's instrument is versioned.
func TestEvaluationInstrumentsAndForms(t *testing.T) {
	storetest.Run(t, func(t *testing.T, s *store.Store) {
		w := newEvalWorld(t, s)
		e := draftEvaluation(w.kase.ID)
		answers := map[string]int{"q1": 3, "q2": 3, "q3": 2, "q4": 2, "q5": 1, "q6": 1, "q7": 1, "q8": 0, "q9": 1}
		e.Instruments = []haki.InstrumentResult{{Code: "phq9", Answers: answers, Total: 2, Band: "minimal"}}
		e.Forms = map[string]map[string]string{"p3": {"part2_a.examined_on": "2026-03-01", "part2_a.history": "Assaulted on 27 February"}}
		if err := s.CreateEvaluation(w.doc, e); err != nil {
			t.Fatal(err)
		}
		got, err := s.FindEvaluation(w.doc, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		r := got.Instruments[0]
		if r.Total != 14 || r.Band != "moderate" || r.Version != 1 || len(r.Flags) != 1 {
			t.Fatalf("PHQ-9 scored %+v", r)
		}
		if got.Forms["p3"]["part2_a.history"] != "Assaulted on 27 February" {
			t.Fatalf("P3 answers: %+v", got.Forms)
		}
		delete(answers, "q9")
		got.Instruments = []haki.InstrumentResult{{Code: "phq9", Answers: answers}}
		if err := s.SaveEvaluation(w.doc, got); haki.ErrorCode(err) != haki.EINVALID || !strings.HasPrefix(firstField(err), "instrument_phq9_") {
			t.Fatalf("unanswered item: %v %v", err, haki.ErrorFields(err))
		}
		got.Instruments = nil
		got.Forms = map[string]map[string]string{"p3": {"part9.made_up": "x"}}
		if err := s.SaveEvaluation(w.doc, got); haki.ErrorCode(err) != haki.EINVALID || !strings.HasPrefix(firstField(err), "form_p3_") {
			t.Fatalf("unknown form field: %v %v", err, haki.ErrorFields(err))
		}
		def := []byte(`{"code": "pcl5_short", "version": 1, "title": {"en": "Short screen"}, "licence": "test only",
			"items": [{"key": "a", "text": {"en": "Upset by memories?"}}], "scoring": "sum",
			"answers": [{"value": 0, "label": {"en": "No"}}, {"value": 1, "label": {"en": "Yes"}}],
			"bands": [{"min": 0, "max": 0, "code": "none", "label": {"en": "None"}}, {"min": 1, "max": 1, "code": "some", "label": {"en": "Some"}}]}`)
		if _, err := s.SaveInstrument(w.doc, def); haki.ErrorCode(err) != haki.EFORBIDDEN {
			t.Fatalf("a doctor added an instrument: %v", err)
		}
		for want := 1; want <= 2; want++ {
			in, err := s.SaveInstrument(w.admin, def)
			if err != nil || in.Version != want {
				t.Fatalf("save %d: %+v %v", want, in, err)
			}
		}
		list, err := s.FindInstruments(w.doc)
		if err != nil || len(list) != 2 || list[0].Code != "pcl5_short" || list[0].Version != 2 {
			t.Fatalf("instruments: %v %v", list, err)
		}
	})
}

// tinyPNG is a 1x1 PNG.
var tinyPNG = []byte{0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1f, 0x15, 0xc4, 0x89, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x44, 0x41, 0x54, 0x78,
	0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0xf0, 0x1f, 0x00, 0x05, 0x00, 0x01, 0xff, 0x89, 0x99, 0x3d, 0x1d, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
	0x4e, 0x44, 0xae, 0x42, 0x60, 0x82}

func firstField(err error) string {
	for k := range haki.ErrorFields(err) {
		return k
	}
	return ""
}
