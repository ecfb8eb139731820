package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/report"
)

// Indicators: everybody with the dashboard sees each indicator's
// progress over its period (value, target, percent and a bar); an
// administrator defines them with the forms below.

type indicatorListPage struct {
	Page
	Vocab      Vocab
	Counties   places
	Indicators []*haki.IndicatorProgress
	Downloads  []reportDownload
}

func (s *Server) indicatorList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := indicatorListPage{Page: s.page(w, r, "report.indicators.title")}
	var err error
	if p.Indicators, err = s.store.FindIndicators(ctx); err != nil {
		return err
	}
	if p.Vocab, err = s.vocab(ctx, p.Lang, "incident_type"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	year := strconv.Itoa(haki.Today(s.now()).Year())
	for _, format := range report.Formats {
		p.Downloads = append(p.Downloads, reportDownload{Format: format, Label: p.T("reportweb.format." + format),
			Href: "/reports/indicators/export?year=" + year + "&format=" + format})
	}
	return s.render(w, r, http.StatusOK, "indicator_list", p)
}

// Value writes an indicator's value: thousands, or "fewer than".
func (p indicatorListPage) Value(ip *haki.IndicatorProgress) string {
	if ip.Value.Suppressed {
		return p.T("report.fewer_than", ip.SuppressBelow)
	}
	return reportThousands(ip.Value.N)
}

// Number writes a whole number with thousands separators.
func (p indicatorListPage) Number(n int) string { return reportThousands(n) }

// Pct writes a percent to a tenth.
func (p indicatorListPage) Pct(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + "%" }

type indicatorFormPage struct {
	Page
	Vocab     Vocab
	Counties  places
	Measures  []string
	Services  []string
	Indicator *haki.Indicator
	FromText  string
	ToText    string
	Target    string
}

func (s *Server) renderIndicatorForm(w http.ResponseWriter, r *http.Request, p indicatorFormPage, status int) error {
	ctx := r.Context()
	var err error
	if p.Vocab, err = s.vocab(ctx, p.Lang, "incident_type"); err != nil {
		return err
	}
	if p.Counties, err = s.counties(ctx); err != nil {
		return err
	}
	p.Measures, p.Services = haki.IndicatorMeasures, haki.ServiceTypes
	return s.render(w, r, status, "indicator_form", p)
}

func (s *Server) indicatorNew(w http.ResponseWriter, r *http.Request) error {
	y := haki.Today(s.now()).Year()
	in := &haki.Indicator{Measure: haki.IndSurvivorsServed, From: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), To: time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC)}
	p := indicatorFormPage{Page: s.page(w, r, "indicator.new.title"), Indicator: in, FromText: in.From.Format(time.DateOnly), ToText: in.To.Format(time.DateOnly)}
	return s.renderIndicatorForm(w, r, p, http.StatusOK)
}

func (s *Server) indicatorEdit(w http.ResponseWriter, r *http.Request) error {
	in, err := s.store.FindIndicatorByID(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p := indicatorFormPage{Page: s.page(w, r, "indicator.edit.title"), Indicator: in, FromText: in.From.Format(time.DateOnly),
		ToText: in.To.Format(time.DateOnly), Target: strconv.Itoa(in.Target)}
	return s.renderIndicatorForm(w, r, p, http.StatusOK)
}

// readIndicator reads the form; days are whole dates (YYYY-MM-DD, or a
// year or month for its first or last day).
func readIndicator(r *http.Request) (*haki.Indicator, *form, indicatorFormPage) {
	f := newForm(r)
	in := &haki.Indicator{Name: f.str("name"), Measure: f.str("measure"), ServiceType: f.str("service_type"),
		IncidentType: f.str("incident_type"), CountyCode: f.str("county"), Version: f.version()}
	p := indicatorFormPage{Indicator: in, FromText: f.str("from"), ToText: f.str("to"), Target: f.str("target")}
	if n := f.int("target"); n != nil {
		in.Target = *n
	}
	for _, d := range []struct {
		key  string
		dst  *time.Time
		last bool
	}{{"from", &in.From, false}, {"to", &in.To, true}} {
		if f.str(d.key) == "" {
			continue
		}
		fd, err := haki.ParseFuzzyDate(f.str(d.key))
		if err != nil || fd.Approx {
			f.problems.Add(d.key, "Enter a date such as 2024-01-31, 2024-01 or 2024.")
			continue
		}
		*d.dst = fd.Date
		if d.last {
			switch fd.Precision {
			case haki.PrecisionMonth:
				*d.dst = fd.Date.AddDate(0, 1, -1)
			case haki.PrecisionYear:
				*d.dst = fd.Date.AddDate(1, 0, -1)
			}
		}
	}
	return in, f, p
}

func (s *Server) indicatorCreate(w http.ResponseWriter, r *http.Request) error {
	in, f, p := readIndicator(r)
	in.Normalize()
	err := f.check(in.Validate)
	if err == nil {
		err = s.store.CreateIndicator(r.Context(), in)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Page = s.page(w, r, "indicator.new.title")
		p.Errors = fields
		return s.renderIndicatorForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/reports/indicators", "flash.created")
}

func (s *Server) indicatorUpdate(w http.ResponseWriter, r *http.Request) error {
	in, f, p := readIndicator(r)
	in.ID = r.PathValue("id")
	in.Normalize()
	err := f.check(in.Validate)
	if err == nil {
		err = s.store.UpdateIndicator(r.Context(), in)
	}
	if fields, ok := fieldErrors(err); ok {
		p.Page = s.page(w, r, "indicator.edit.title")
		p.Errors = fields
		return s.renderIndicatorForm(w, r, p, http.StatusUnprocessableEntity)
	} else if err != nil {
		return err
	}
	return s.redirect(w, r, "/reports/indicators", "flash.saved")
}

func (s *Server) indicatorDelete(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.DeleteIndicator(r.Context(), r.PathValue("id")); err != nil {
		return err
	}
	return s.redirect(w, r, "/reports/indicators", "flash.deleted")
}
