package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/vault"
)

// A public report keeps what identifies anyone in two sealed JSON values:
// the body (reportBody) and the reporter's safe contact. The columns hold
// only what the queue, the duplicates and the figures need: codes, the
// county, the date, and blind-index tokens of the harmed persons' names.

// reportBody is the sealed part of a report.
type reportBody struct {
	Account   string                `json:"account,omitempty"`
	Harmed    []haki.ReportedPerson `json:"harmed,omitempty"`
	Station   string                `json:"station,omitempty"`
	Vehicle   string                `json:"vehicle,omitempty"`
	Names     string                `json:"names,omitempty"`
	PlaceName string                `json:"place_name,omitempty"`
	Latitude  *float64              `json:"latitude,omitempty"`
	Longitude *float64              `json:"longitude,omitempty"`
}

func bodyOf(r *haki.PublicReport) reportBody {
	return reportBody{Account: r.Account, Harmed: r.Harmed, Station: r.Perpetrator.Station, Vehicle: r.Perpetrator.Vehicle,
		Names: r.Perpetrator.Names, PlaceName: r.PlaceName, Latitude: r.Latitude, Longitude: r.Longitude}
}

func (b reportBody) fill(r *haki.PublicReport) {
	r.Account, r.Harmed, r.PlaceName, r.Latitude, r.Longitude = b.Account, b.Harmed, b.PlaceName, b.Latitude, b.Longitude
	r.Perpetrator.Station, r.Perpetrator.Vehicle, r.Perpetrator.Names = b.Station, b.Vehicle, b.Names
	if r.Harmed == nil {
		r.Harmed = []haki.ReportedPerson{}
	}
}

// reportSealer seals the fields of report id.
func reportSealer(key []byte, id string) sealer { return sealer{key, "public_report", id} }

func sealJSON(sl sealer, field string, v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	return sl.seal(field, string(b)), nil
}

func openJSON(sl sealer, field, sealed string, v any) error {
	s, err := sl.open(field, sealed)
	if err != nil {
		return err
	}
	return json.Unmarshal([]byte(s), v)
}

// maxIdemKey bounds an idempotency key.
const maxIdemKey = 200

// SubmitPublicReport records a report from the public; no one is signed in.
// idemKey is the key the phone sent it with: sent again, the first report's
// id, reference, status and time are put in r and created is false (its
// content is not: a guessed key must not read someone else's report).
func (s *Store) SubmitPublicReport(ctx context.Context, r *haki.PublicReport, idemKey string) (created bool, err error) {
	if idemKey == "" || len(idemKey) > maxIdemKey || !haki.ValidText(idemKey) {
		return false, &haki.Error{Code: haki.EINVALID, Message: "The report has no valid key.",
			Fields: map[string]string{"idem_key": "Send the report with a key of 1 to 200 characters."}}
	}
	// Two copies sent at once: on PostgreSQL the second insert fails on the
	// unique key, and a second try finds the first.
	for try := 0; ; try++ {
		err = s.write(ctx, func(tx *Tx) error {
			if known, err := tx.knownReport(idemKey, r); err != nil || known {
				return err
			}
			created = true
			return tx.insertPublicReport(r, idemKey, "", tx.now)
		})
		if err == nil || try == 1 || haki.ErrorCode(err) != haki.ECONFLICT {
			if err != nil {
				created = false
			}
			return created, err
		}
		created = false
	}
}

// knownReport reports whether a report was received under key, and if so
// puts its id, reference, status and time in r.
func (tx *Tx) knownReport(key string, r *haki.PublicReport) (bool, error) {
	var received string
	err := tx.queryRow(`SELECT p.id, p.ref, p.status, p.received_at, p.version FROM public_report_keys k
		JOIN public_reports p ON p.id = k.report_id WHERE k.idem_key = ?`, key).Scan(&r.ID, &r.Ref, &r.Status, &received, &r.Version)
	if isNoRows(err) {
		return false, nil
	} else if err != nil {
		return false, err
	}
	r.ReceivedAt = parseTime(received)
	return true, nil
}

// checkPublicReport normalises and validates a new report, with its
// vocabulary codes and places.
func (tx *Tx) checkPublicReport(r *haki.PublicReport) error {
	r.Normalize()
	pr := haki.Problems{}
	if err := r.Validate(tx.now); err != nil {
		for k, v := range haki.ErrorFields(err) {
			pr.Add(k, v)
		}
	}
	checks := []struct{ field, vocab, code string }{{"what", "alert_kind", r.What}, {"perpetrator.service", "service", r.Perpetrator.Service}}
	for _, t := range r.Types {
		checks = append(checks, struct{ field, vocab, code string }{"types", "incident_type", t})
	}
	for i, h := range r.Harmed {
		checks = append(checks, struct{ field, vocab, code string }{fmt.Sprintf("harmed.%d.sex", i), "sex", h.Sex})
	}
	for _, c := range checks {
		if err := tx.checkTerm(pr, c.field, c.vocab, c.code); err != nil {
			return err
		}
	}
	if err := tx.checkPlace(pr, "county_code", r.CountyCode, 1, ""); err != nil {
		return err
	}
	if err := tx.checkPlace(pr, "subcounty_code", r.SubCountyCode, 2, r.CountyCode); err != nil {
		return err
	}
	return pr.Err()
}

// insertPublicReport records a new report received at at, under key, from
// the sender tagged tag ("" for the web).
func (tx *Tx) insertPublicReport(r *haki.PublicReport, key, tag string, at time.Time) error {
	r.Status, r.AssignedTo, r.IncidentID, r.CaseID, r.DuplicateOf = "new", "", "", "", ""
	if err := tx.checkPublicReport(r); err != nil {
		return err
	}
	ref, err := tx.nextRef("R")
	if err != nil {
		return err
	}
	keyID, dataKey, err := tx.newDataKey()
	if err != nil {
		return err
	}
	r.ID, r.Ref, r.ReceivedAt, r.Version = newID(), ref, at, 1
	sl := reportSealer(dataKey, r.ID)
	body, err := sealJSON(sl, "body", bodyOf(r))
	if err != nil {
		return err
	}
	contact, err := sealJSON(sl, "contact", r.Contact)
	if err != nil {
		return err
	}
	var lastPart string
	if r.Channel == "sms" {
		lastPart = fmtTime(at)
	}
	_, err = tx.exec(`INSERT INTO public_reports (id, ref, channel, kind, status, language, received_at, what, types, service,
		occurred_on, date_precision, date_approx, county_code, subcounty_code, wants_help, idem_key, sender_tag, last_part_at,
		name_tokens, key_id, body, contact, version, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`,
		r.ID, r.Ref, r.Channel, r.Kind, r.Status, r.Language, fmtTime(at), r.What, strings.Join(r.Types, " "), r.Perpetrator.Service,
		r.Occurred.ISO(), occurredPrecision(r.Occurred), boolInt(r.Occurred.Approx), nullString(r.CountyCode), nullString(r.SubCountyCode),
		boolInt(r.WantsHelp), key, nullString(tag), lastPart, tx.s.reportNameTokens(r.Harmed), keyID, body, contact, fmtTime(tx.now))
	if err != nil {
		return tx.mapErr(err, "report")
	}
	if _, err := tx.exec(`INSERT INTO public_report_keys (idem_key, report_id) VALUES (?, ?)`, key, r.ID); err != nil {
		return tx.mapErr(err, "report")
	}
	return tx.auditSealed("create", "public_report", r.ID, keyID, dataKey, nil, r)
}

// occurredPrecision is the precision column of an optional date.
func occurredPrecision(d haki.FuzzyDate) string {
	if d.IsZero() {
		return ""
	}
	return precisionOf(d)
}

// reportNameTokens are the blind-index tokens of the harmed persons' names:
// their phonetic keys, which persons' names are indexed by, and their
// words, which incidents' titles are.
func (s *Store) reportNameTokens(harmed []haki.ReportedPerson) string {
	var names []string
	for _, h := range harmed {
		names = append(names, h.Name)
	}
	toks := append(s.index.NameTokens(names...), s.index.TextTokens(maxTextTokens, names...)...)
	return strings.Join(toks, " ")
}

// SenderTag returns the keyed hash of a sender's phone number that joins
// the parts of their messages and keys per-phone limits; local and
// international forms of a number agree. It reveals nothing without the
// index key and is never a person's phone token. "" for no number.
func (s *Store) SenderTag(phone string) string {
	n := vault.NormaliseID("phone", phone)
	if n == "" {
		return ""
	}
	return s.index.IDToken("sms_sender", n)
}

// smsJoinWindow is how long after a sender's previous message a new one is
// taken as the next part of the same report.
const smsJoinWindow = 10 * time.Minute

// ReceiveSMS records an inbound SMS as a report. The gateway's id makes it
// idempotent: a message received twice returns the report it went to, with
// created false. A message from the same sender within smsJoinWindow of
// their previous one, while that report is still "new", is joined to it
// (a long message arrives in parts); created is false then too.
func (s *Store) ReceiveSMS(ctx context.Context, m haki.InboundSMS) (*haki.PublicReport, bool, error) {
	m.Text = strings.TrimSpace(m.Text)
	p := haki.Problems{}
	if m.GatewayID == "" || len(m.GatewayID) > maxIdemKey-4 {
		p.Add("id", "The message has no gateway id.")
	}
	if s.SenderTag(m.From) == "" {
		p.Add("from", "The message has no sender.")
	}
	if m.Text == "" {
		p.Add("text", "The message is empty.")
	} else if len([]rune(m.Text)) > haki.MaxSMSText {
		p.Add("text", "The message is too long.")
	}
	if err := p.Err(); err != nil {
		return nil, false, err
	}
	key, tag := "sms:"+m.GatewayID, s.SenderTag(m.From)
	var r *haki.PublicReport
	var created bool
	for try := 0; ; try++ {
		err := s.write(ctx, func(tx *Tx) error {
			var err error
			r, created, err = tx.receiveSMS(m, key, tag)
			return err
		})
		if err == nil || try == 1 || haki.ErrorCode(err) != haki.ECONFLICT {
			return r, created && err == nil, err
		}
	}
}

func (tx *Tx) receiveSMS(m haki.InboundSMS, key, tag string) (*haki.PublicReport, bool, error) {
	at := m.At.UTC()
	if at.IsZero() || at.After(tx.now) {
		at = tx.now
	}
	var id string
	err := tx.queryRow(`SELECT report_id FROM public_report_keys WHERE idem_key = ?`, key).Scan(&id)
	if err == nil {
		r, err := tx.openPublicReport(id)
		return r, false, err
	} else if !isNoRows(err) {
		return nil, false, err
	}
	err = tx.queryRow(`SELECT id FROM public_reports WHERE sender_tag = ? AND channel = 'sms' AND status = 'new' AND last_part_at >= ?
		ORDER BY last_part_at DESC LIMIT 1`, tag, fmtTime(at.Add(-smsJoinWindow))).Scan(&id)
	if err != nil && !isNoRows(err) {
		return nil, false, err
	}
	if id != "" {
		r, err := tx.openPublicReport(id)
		if err != nil {
			return nil, false, err
		}
		if len([]rune(r.Account))+1+len([]rune(m.Text)) <= haki.MaxReportAccount {
			return r, false, tx.joinSMSPart(r, m.Text, key, at)
		}
	}
	r := &haki.PublicReport{Channel: "sms", Kind: "full", Language: m.Language, Account: m.Text}
	return r, true, tx.insertPublicReport(r, key, tag, at)
}

// joinSMSPart appends the text of a further part of a long message.
func (tx *Tx) joinSMSPart(r *haki.PublicReport, text, key string, at time.Time) error {
	keyID, dataKey, err := tx.reportKey(r.ID)
	if err != nil {
		return err
	}
	before := *r
	r.Account += "\n" + text
	body, err := sealJSON(reportSealer(dataKey, r.ID), "body", bodyOf(r))
	if err != nil {
		return err
	}
	if err := tx.execOne("report", `UPDATE public_reports SET body = ?, last_part_at = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND version = ?`, body, fmtTime(at), fmtTime(tx.now), r.ID, r.Version); err != nil {
		return err
	}
	r.Version++
	if _, err := tx.exec(`INSERT INTO public_report_keys (idem_key, report_id) VALUES (?, ?)`, key, r.ID); err != nil {
		return tx.mapErr(err, "report")
	}
	return tx.auditSealed("update", "public_report", r.ID, keyID, dataKey, &before, r)
}

// reportKey returns a report's data key id and key.
func (tx *Tx) reportKey(id string) (string, []byte, error) {
	var keyID sql.NullString
	if err := tx.queryRow(`SELECT key_id FROM public_reports WHERE id = ?`, id).Scan(&keyID); err != nil {
		return "", nil, tx.mapErr(err, "report")
	}
	if !keyID.Valid {
		return "", nil, haki.Errorf(haki.ECONFLICT, "This report has no data key.")
	}
	key, err := tx.dataKey(keyID.String)
	return keyID.String, key, err
}

const publicReportColumns = `p.id, p.ref, p.channel, p.kind, p.status, p.language, p.received_at, p.what, p.types, p.service,
	p.occurred_on, p.date_precision, p.date_approx, COALESCE(p.county_code, ''), COALESCE(p.subcounty_code, ''), p.wants_help,
	COALESCE(p.assigned_to, ''), COALESCE(p.incident_id, ''), COALESCE(p.case_id, ''), p.duplicate_of, p.body, p.contact, p.version,
	COALESCE(k.master_id, ''), COALESCE(k.wrapped, '')`

const publicReportFrom = `public_reports p LEFT JOIN data_keys k ON k.id = p.key_id`

// openPublicReport reads a report and opens its sealed body and contact.
// Reads note it as revealed (audit_reveal.go).
func (tx *Tx) openPublicReport(id string) (*haki.PublicReport, error) {
	r := &haki.PublicReport{}
	var received, types, occurred, prec, body, contact, master, wrapped string
	var approx, help bool
	err := tx.queryRow(`SELECT `+publicReportColumns+` FROM `+publicReportFrom+` WHERE p.id = ?`, id).Scan(
		&r.ID, &r.Ref, &r.Channel, &r.Kind, &r.Status, &r.Language, &received, &r.What, &types, &r.Perpetrator.Service,
		&occurred, &prec, &approx, &r.CountyCode, &r.SubCountyCode, &help,
		&r.AssignedTo, &r.IncidentID, &r.CaseID, &r.DuplicateOf, &body, &contact, &r.Version, &master, &wrapped)
	if err != nil {
		return nil, tx.mapErr(err, "report")
	}
	r.ReceivedAt, r.WantsHelp, r.Types = parseTime(received), help, strings.Fields(types)
	if r.Types == nil {
		r.Types = []string{}
	}
	if occurred != "" {
		if r.Occurred, err = haki.NewFuzzyDate(occurred, haki.Precision(prec), approx); err != nil {
			return nil, err
		}
	}
	key, err := tx.s.unwrapJoined(master, wrapped)
	if err != nil {
		return nil, err
	}
	if key == nil { // erased: nothing identifying is left
		r.Harmed, r.Contact = []haki.ReportedPerson{}, haki.SafeContact{Method: "none"}
		return r, nil
	}
	sl := reportSealer(key, r.ID)
	var b reportBody
	if err := openJSON(sl, "body", body, &b); err != nil {
		return nil, err
	}
	b.fill(r)
	if err := openJSON(sl, "contact", contact, &r.Contact); err != nil {
		return nil, err
	}
	tx.reveal("public_report", r.ID)
	return r, nil
}
