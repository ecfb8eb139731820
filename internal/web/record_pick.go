package web

import (
	"net/http"
	"strings"

	"github.com/haki-kenya/haki"
)

// A record picker is a reference field (PER-, INC-, CASE-) that also
// searches: typing part of a name, an ID or phone number or part of a
// reference posts the text (never in a URL) to POST /pick/{kind}, which
// answers with the few matches the user may see as buttons; choosing one
// puts its reference in the field (haki.js). Without JavaScript the field
// takes a typed reference as before. A field for several references (multi)
// searches the text after its last comma and adds the chosen one.

// pickerField is what the "picker" partial draws.
type pickerField struct {
	Page
	Kind, Name, Value, Label, Hint string
	Multi                          bool
	Error                          string // the first problem of the field or of the ids it names
}

// Picker gives the "picker" partial a field: the kind of record
// ("persons", "incidents", "cases"), the field's name and value, its
// label and hint keys, and the fields whose problems it shows beside it
// (its own name first, then e.g. the id field the store checked).
func (p Page) Picker(kind, name, value, label, hint string, errFields ...string) pickerField {
	f := pickerField{Page: p, Kind: kind, Name: name, Value: value, Label: p.T(label)}
	if hint != "" {
		f.Hint = p.T(hint)
	}
	for _, e := range append([]string{name}, errFields...) {
		if f.Error = p.Err(e); f.Error != "" {
			break
		}
	}
	return f
}

// PickerMulti is Picker for a field holding several references.
func (p Page) PickerMulti(kind, name, value, label, hint string, errFields ...string) pickerField {
	f := p.Picker(kind, name, value, label, hint, errFields...)
	f.Multi = true
	return f
}

// pickOption is one match offered.
type pickOption struct {
	ID, Ref string
	Label   string // a name or title, where the reader may see it
	Detail  string // county, date, status: what tells two alike apart
}

// pickResultsPage is the fragment POST /pick/{kind} answers with.
type pickResultsPage struct {
	Page
	Field   string
	Typed   bool // something was typed
	Options []pickOption
}

// pickText returns the text a picker request searches: the value of the
// field it names (pick_field), after its last separator for a field of
// several references.
func pickText(r *http.Request) (field, text string) {
	field = r.PostForm.Get("pick_field")
	text = r.PostForm.Get(field)
	if field == "" {
		text = r.PostForm.Get("q")
	}
	if r.PostForm.Get("pick_multi") == "1" {
		if i := strings.LastIndexAny(text, ",;\n"); i >= 0 {
			text = text[i+1:]
		}
	}
	return field, strings.TrimSpace(text)
}

// pickOptions finds the matches of one kind of record, labelled for the page.
func (s *Server) pickOptions(r *http.Request, p Page, kind, text string) ([]pickOption, error) {
	ctx := r.Context()
	counties, err := s.counties(ctx)
	if err != nil {
		return nil, err
	}
	detail := func(parts ...string) string {
		var out []string
		for _, x := range parts {
			if x != "" {
				out = append(out, x)
			}
		}
		return strings.Join(out, " · ")
	}
	var out []pickOption
	switch kind {
	case "persons":
		ps, err := s.store.PickPersons(ctx, text)
		if err != nil {
			return nil, err
		}
		for _, x := range ps {
			o := pickOption{ID: x.ID, Ref: x.Ref, Label: x.FullName, Detail: detail(counties.Name(x.CountyCode))}
			if y := x.BirthDate.Year(); y != 0 {
				o.Detail = detail(o.Detail, p.T("pick.born", y))
			}
			out = append(out, o)
		}
	case "incidents":
		is, err := s.store.PickIncidents(ctx, text)
		if err != nil {
			return nil, err
		}
		for _, x := range is {
			out = append(out, pickOption{ID: x.ID, Ref: x.Ref, Label: x.Title, Detail: detail(x.Occurred.String(), counties.Name(x.CountyCode))})
		}
	case "cases":
		cs, err := s.store.PickCases(ctx, text)
		if err != nil {
			return nil, err
		}
		vocab, err := s.vocab(ctx, p.Lang, "case_status")
		if err != nil {
			return nil, err
		}
		for _, x := range cs {
			out = append(out, pickOption{ID: x.ID, Ref: x.Ref, Label: x.ClientName,
				Detail: detail(x.ClientRef, x.IntakeDate.Format("2006-01-02"), vocab.Label("case_status", x.Status))})
		}
	default:
		return nil, haki.Errorf(haki.ENOTFOUND, "No such page.")
	}
	return out, nil
}

// recordPick answers a picker's search with the matches as a fragment.
func (s *Server) recordPick(kind string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		field, text := pickText(r)
		p := pickResultsPage{Page: s.page(w, r, "pick.title"), Field: field, Typed: text != ""}
		if text != "" {
			var err error
			if p.Options, err = s.pickOptions(r, p.Page, kind, text); err != nil {
				return err
			}
		}
		return s.renderFragment(w, http.StatusOK, "pick_results", p)
	}
}

// renderFragment executes a page template's "content" alone, for htmx to
// put into a page already shown.
func (s *Server) renderFragment(w http.ResponseWriter, status int, name string, data any) error {
	return s.execute(w, status, name, "content", data)
}
