package web

import (
	"net/http"
	"strconv"

	"github.com/haki-kenya/haki"
)

// settingsDropoutPage is where an administrator sets the drop-out rules.
type settingsDropoutPage struct {
	Page
	followupHelpers
	Rules                    *haki.DropoutRules
	MissedCount, SilenceDays string // as typed
}

func (s *Server) settingsDropout(w http.ResponseWriter, r *http.Request) error {
	d, err := s.store.DropoutRules(r.Context())
	if err != nil {
		return err
	}
	p := settingsDropoutPage{Page: s.page(w, r, "settings.dropout.title"), Rules: d,
		MissedCount: strconv.Itoa(d.MissedCount), SilenceDays: strconv.Itoa(d.SilenceDays)}
	return s.render(w, r, http.StatusOK, "settings_dropout", p)
}

func (s *Server) settingsDropoutSave(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	d := &haki.DropoutRules{MissedOn: f.bool("missed_on"), SilenceOn: f.bool("silence_on"), Version: f.version()}
	if n := f.int("missed_count"); n != nil {
		d.MissedCount = *n
	}
	if n := f.int("silence_days"); n != nil {
		d.SilenceDays = *n
	}
	err := f.check(d.Validate)
	if err == nil {
		err = s.store.UpdateDropoutRules(r.Context(), d)
	}
	if fields, ok := fieldErrors(err); ok {
		p := settingsDropoutPage{Page: s.page(w, r, "settings.dropout.title"), Rules: d,
			MissedCount: f.str("missed_count"), SilenceDays: f.str("silence_days")}
		p.Errors = fields
		return s.render(w, r, http.StatusUnprocessableEntity, "settings_dropout", p)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/dropout", "flash.saved")
}
