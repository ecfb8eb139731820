package web

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// The scored instruments of evaluations (store/instrument.go): the
// built-in PHQ-9 and those an administrator adds by pasting a definition
// (docs/EVALUATIONS.md), each change a new version.

type settingsInstrumentsPage struct {
	Page
	Instruments []*haki.Instrument
	Definition  string
}

func (s *Server) settingsInstruments(w http.ResponseWriter, r *http.Request) error {
	return s.renderInstruments(w, r, http.StatusOK, "", nil)
}

func (s *Server) renderInstruments(w http.ResponseWriter, r *http.Request, status int, def string, fields map[string]string) error {
	list, err := s.store.FindInstruments(r.Context())
	if err != nil {
		return err
	}
	p := settingsInstrumentsPage{Page: s.page(w, r, "settings.instruments.title"), Instruments: list, Definition: def}
	p.Errors = fields
	return s.render(w, r, status, "settings_instruments", p)
}

func (s *Server) settingsInstrumentsSave(w http.ResponseWriter, r *http.Request) error {
	f := newForm(r)
	def := f.str("definition")
	_, err := s.store.SaveInstrument(r.Context(), []byte(def))
	if fields, ok := fieldErrors(err); ok {
		if len(fields) == 0 || fields["definition"] == "" {
			fields = withDefinitionError(fields, haki.ErrorMessage(err))
		}
		return s.renderInstruments(w, r, http.StatusUnprocessableEntity, def, fields)
	} else if haki.ErrorCode(err) == haki.ECONFLICT {
		return s.renderInstruments(w, r, http.StatusConflict, def, map[string]string{"definition": haki.ErrorMessage(err)})
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/settings/instruments", "flash.saved")
}

// withDefinitionError puts the definition's problems, named by the JSON
// path they concern, beside the one text area the page has.
func withDefinitionError(fields map[string]string, msg string) map[string]string {
	out := map[string]string{"definition": msg}
	for k, v := range fields {
		out["definition"] += " " + k + ": " + v
	}
	return out
}
