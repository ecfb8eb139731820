package api

import (
	"net/http"

	"github.com/haki-kenya/haki"
)

// IndicatorJSON is an indicator as the API reads and writes it: from and
// to are days. Value, target reached (pct) and suppress_below come with
// reads and are ignored when writing.
type IndicatorJSON struct {
	haki.Indicator
	From          Date        `json:"from"`
	To            Date        `json:"to"`
	Value         *haki.Count `json:"value,omitempty"`
	Pct           *float64    `json:"pct,omitempty"`
	SuppressBelow int         `json:"suppress_below,omitempty"`
}

func indicatorJSON(p *haki.IndicatorProgress) IndicatorJSON {
	return IndicatorJSON{Indicator: *p.Indicator, From: Date{p.From}, To: Date{p.To}, Value: &p.Value, Pct: &p.Pct,
		SuppressBelow: p.SuppressBelow}
}

func (in *IndicatorJSON) domain() *haki.Indicator {
	d := in.Indicator
	d.From, d.To = in.From.Time, in.To.Time
	return &d
}

// listIndicators returns every indicator with its progress over its period.
func (s *Server) listIndicators(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.FindIndicators(r.Context())
	if err != nil {
		return err
	}
	out := make([]IndicatorJSON, len(list))
	for i, p := range list {
		out[i] = indicatorJSON(p)
	}
	return writeList(w, out, "")
}

func (s *Server) getIndicator(w http.ResponseWriter, r *http.Request) error {
	in, err := s.store.FindIndicatorByID(r.Context(), r.PathValue("indicator"))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, IndicatorJSON{Indicator: *in, From: Date{in.From}, To: Date{in.To}})
}

func (s *Server) createIndicator(w http.ResponseWriter, r *http.Request) error {
	var in IndicatorJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d := in.domain()
	if err := s.store.CreateIndicator(r.Context(), d); err != nil {
		return err
	}
	return writeCreated(w, v1+"/indicators/"+d.ID, IndicatorJSON{Indicator: *d, From: Date{d.From}, To: Date{d.To}})
}

func (s *Server) updateIndicator(w http.ResponseWriter, r *http.Request) error {
	var in IndicatorJSON
	if err := decode(w, r, &in); err != nil {
		return err
	}
	d := in.domain()
	d.ID = r.PathValue("indicator")
	if err := s.store.UpdateIndicator(r.Context(), d); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, IndicatorJSON{Indicator: *d, From: Date{d.From}, To: Date{d.To}})
}

func (s *Server) deleteIndicator(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteIndicator(r.Context(), r.PathValue("indicator")); err != nil {
		return err
	}
	return noContent(w)
}
