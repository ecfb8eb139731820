package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/httpx"
	"github.com/haki-kenya/haki/internal/importer"
)

// The import pages: upload a spreadsheet, map its columns, preview the dry
// run, then commit all or nothing or only the valid rows, watching its
// progress; the rejected rows come back as CSV.

// importListPage is the upload form, the open imports and the saved mappings.
type importListPage struct {
	Page
	Jobs    []*importJob
	Saved   []*haki.ImportMapping
	MaxMB   int
	Formats string
}

func (s *Server) importList(w http.ResponseWriter, r *http.Request) error {
	saved, err := s.store.FindImportMappings(r.Context())
	if err != nil {
		return err
	}
	p := importListPage{Page: s.page(w, r, "import.list.title"), Jobs: s.imports.mine(r.Context()), Saved: saved,
		MaxMB: importMaxBytes >> 20}
	return s.render(w, r, http.StatusOK, "import_list", p)
}

// importUpload reads the uploaded spreadsheet into memory (never to disk)
// and opens its mapping page.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	mr, err := r.MultipartReader()
	if err != nil {
		return haki.Errorf(haki.EINVALID, "The form could not be read.")
	}
	sess := httpx.SessionFromContext(r.Context())
	csrfOK := sess != nil && httpx.CSRFMatches(sess.CSRFToken, r.Header.Get(httpx.CSRFHeader))
	for first := true; ; first = false {
		part, err := mr.NextPart()
		if err == io.EOF {
			return &haki.Error{Code: haki.EINVALID, Message: "Choose a file.", Fields: map[string]string{"file": "Choose a file."}}
		} else if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
			return err
		} else if err != nil {
			return haki.Errorf(haki.EINVALID, "The form could not be read.")
		}
		if first && sess != nil && !csrfOK {
			v, err := readField(part)
			if err != nil {
				return err
			}
			if part.FormName() != "csrf" || !httpx.CSRFMatches(sess.CSRFToken, v) {
				return errCSRF
			}
			csrfOK = true
			continue
		}
		if sess != nil && !csrfOK {
			return errCSRF
		}
		if part.FormName() != "file" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, importMaxBytes+1))
		if err != nil {
			return err
		}
		if len(data) > importMaxBytes {
			return haki.Errorf(haki.EINVALID, "The file is larger than %d MB: import it with haki import on the server.", importMaxBytes>>20)
		}
		if len(data) == 0 {
			return haki.Errorf(haki.EINVALID, "Choose a file.")
		}
		j, err := s.imports.add(haki.UserFromContext(r.Context()).ID, safeFilename(part.FileName()), data)
		if err != nil {
			return err
		}
		return s.redirect(w, r, "/imports/"+j.ID, "")
	}
}

// importColumn is a column of the sheet on the mapping page.
type importColumn struct {
	Index   int
	Name    string
	Samples []string
	Field   string
}

// importConstant is a field given one value for every row, or for the rows
// that leave it empty.
type importConstant struct {
	ID    string // the field's name for an HTML id (no dots)
	Field string
	Value string
	Vocab string // its vocabulary, or "" for text
}

// importValueMap lists a vocabulary field's values in the sheet, each to a term.
type importValueMap struct {
	ID    string // the field's name for an HTML id (no dots)
	Field string
	Vocab string
	Rows  []importValueRow
}

type importValueRow struct{ From, To string }

// importMapPage is the mapping page of one uploaded sheet.
type importMapPage struct {
	Page
	Vocab       Vocab
	Job         *importJob
	Columns     []importColumn
	Fields      []importer.FieldInfo
	Constants   []importConstant
	ValueMaps   []importValueMap
	System      string
	Country     string
	MonthFirst  bool
	Title       string // the title's template
	Name        string // to save the mapping under
	Saved       []*haki.ImportMapping
	MappingJSON string
	Status      importStatus
}

// constantFields are offered a constant on the mapping page.
var constantFields = []string{"incident.type", "incident.context", "act.type", "act.method", "act.outcome", "victim.sex",
	"perpetrator.service", "perpetrator.degree", "source.kind", "source.reliability", "source.title", "source.url"}

func (s *Server) importShow(w http.ResponseWriter, r *http.Request) error {
	j, err := s.imports.find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	p, err := s.importMapData(w, r, j)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "import_map", p)
}

// importMapData fills the mapping page from the job's mapping (or a first
// guess: each column whose name is a field's).
func (s *Server) importMapData(w http.ResponseWriter, r *http.Request, j *importJob) (importMapPage, error) {
	p := importMapPage{Page: s.page(w, r, "import.map.title"), Job: j, Fields: importer.Fields}
	var vocabs []string
	for _, f := range importer.Fields {
		if f.Vocab != "" {
			vocabs = append(vocabs, f.Vocab)
		}
	}
	var err error
	if p.Vocab, err = s.vocab(r.Context(), p.Lang, vocabs...); err != nil {
		return p, err
	}
	if p.Saved, err = s.store.FindImportMappings(r.Context()); err != nil {
		return p, err
	}
	j.mu.Lock()
	m := j.Mapping
	j.mu.Unlock()
	if m == nil {
		m = &importer.Mapping{Version: 1, Type: "incidents", System: systemName(j.Filename)}
	}
	p.System, p.Country, p.MonthFirst = m.System, m.CountryCode(), m.MonthFirst
	rules := map[string]importer.Rule{}
	byColumn := map[string]string{}
	for _, rule := range m.Fields {
		rules[rule.Field] = rule
		for _, c := range append([]string{rule.Column}, rule.Columns...) {
			if c != "" {
				byColumn[c] = rule.Field
			}
		}
	}
	p.Title = rules["incident.title"].Template
	for i, h := range j.Header {
		p.Columns = append(p.Columns, importColumn{Index: i, Name: h, Samples: j.Samples[i], Field: byColumn[h]})
	}
	for _, f := range constantFields {
		fi, _ := importer.FieldByName(f)
		p.Constants = append(p.Constants, importConstant{ID: htmlID(f), Field: f, Value: rules[f].Value, Vocab: fi.Vocab})
	}
	for _, f := range importer.Fields {
		rule, ok := rules[f.Name]
		if !ok || f.Vocab == "" && f.Kind != "place" {
			continue
		}
		vm := importValueMap{ID: htmlID(f.Name), Field: f.Name, Vocab: f.Vocab}
		for _, c := range append([]string{rule.Column}, rule.Columns...) {
			i := slices.Index(j.Header, c)
			if i < 0 || c == "" {
				continue
			}
			for _, v := range j.Distinct[i] {
				vm.Rows = append(vm.Rows, importValueRow{From: v, To: rule.Values[v]})
			}
		}
		if len(vm.Rows) > 0 {
			p.ValueMaps = append(p.ValueMaps, vm)
		}
	}
	if b, err := json.MarshalIndent(m, "", "  "); err == nil {
		p.MappingJSON = string(b)
	}
	p.Status = s.importStatusOf(p.Page, j)
	return p, nil
}

// htmlID makes a field's name usable in an HTML id and a CSS selector.
func htmlID(field string) string { return strings.ReplaceAll(field, ".", "-") }

// systemName makes a source system's name from a file's name.
func systemName(filename string) string {
	name := strings.ToLower(strings.TrimSuffix(filename, filepathExt(filename)))
	var b strings.Builder
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '_':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		return "spreadsheet"
	}
	return clip(out, 90)
}

func filepathExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i > 0 {
		return name[i:]
	}
	return ""
}

// importMapping reads the mapping form: the field of each column, the
// constants, the value mappings, then applies it, saves it under a name,
// loads a saved one, or starts the dry run.
func (s *Server) importMapping(w http.ResponseWriter, r *http.Request) error {
	j, err := s.imports.find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	f := newForm(r)
	var m *importer.Mapping
	if id := f.str("saved"); f.str("action") == "load" && id != "" {
		saved, err := s.store.FindImportMappingByID(r.Context(), id)
		if err != nil {
			return err
		}
		if m, err = importer.ParseMapping([]byte(saved.Mapping)); err != nil {
			return err
		}
	} else {
		m = mappingFromForm(f, j.Header)
	}
	j.mu.Lock()
	j.Mapping = m
	j.mu.Unlock()
	err = m.Validate()
	if err == nil && f.str("action") == "save" {
		b, _ := json.MarshalIndent(m, "", "  ")
		err = s.store.SaveImportMapping(r.Context(), &haki.ImportMapping{Name: f.str("name"), Mapping: string(b)})
	}
	if err == nil && f.str("action") == "preview" {
		err = j.start(s.store, haki.UserFromContext(r.Context()), s.now(), "dry")
	}
	if fields, ok := fieldErrors(err); ok {
		p, perr := s.importMapData(w, r, j)
		if perr != nil {
			return perr
		}
		p.Name = f.str("name")
		p.Errors = fields
		if len(fields) == 0 {
			p.Errors = map[string]string{"mapping": haki.ErrorMessage(err)}
		}
		return s.render(w, r, http.StatusUnprocessableEntity, "import_map", p)
	} else if err != nil {
		return err
	}
	flash := ""
	if f.str("action") == "save" {
		flash = "flash.saved"
	}
	return s.redirect(w, r, "/imports/"+j.ID+"#status", flash)
}

// mappingFromForm builds a mapping from the page's fields. Columns given
// the same field are joined in the sheet's order (a day-month and a year,
// a first and a last name).
func mappingFromForm(f *form, header []string) *importer.Mapping {
	m := &importer.Mapping{Version: 1, Type: "incidents", System: f.str("system"), Country: strings.ToUpper(f.str("country")),
		MonthFirst: f.str("month_first") == "1"}
	cols := map[string][]string{}
	var order []string
	for i, h := range header {
		field := f.str(fmt.Sprintf("field_%d", i))
		if _, ok := importer.FieldByName(field); !ok {
			continue
		}
		if cols[field] == nil {
			order = append(order, field)
		}
		cols[field] = append(cols[field], h)
	}
	rules := map[string]*importer.Rule{}
	rule := func(field string) *importer.Rule {
		if rules[field] == nil {
			rules[field] = &importer.Rule{Field: field}
			order = append(order, field)
		}
		return rules[field]
	}
	for _, field := range slices.Clone(order) {
		r := &importer.Rule{Field: field}
		if c := cols[field]; len(c) == 1 {
			r.Column = c[0]
		} else {
			r.Columns = c
		}
		rules[field] = r
	}
	if t := f.str("title_template"); t != "" && rules["incident.title"] == nil {
		rule("incident.title").Template = t
	}
	for _, field := range constantFields {
		if v := f.str("const_" + field); v != "" {
			rule(field).Value = v
		}
	}
	for _, field := range order {
		r := rules[field]
		from, to := f.strs("vfrom_"+field), f.strs("vto_"+field)
		for i := range min(len(from), len(to)) {
			if to[i] == "" {
				continue
			}
			if r.Values == nil {
				r.Values = map[string]string{}
			}
			r.Values[strings.TrimSpace(from[i])] = strings.TrimSpace(to[i])
		}
	}
	for _, field := range order {
		m.Fields = append(m.Fields, *rules[field])
	}
	return m
}

// importRun starts the commit: all or nothing, or only the valid rows.
func (s *Server) importRun(w http.ResponseWriter, r *http.Request) error {
	j, err := s.imports.find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	mode := newForm(r).str("mode")
	if mode != "all" && mode != "valid" && mode != "dry" {
		return haki.Errorf(haki.EINVALID, "Choose all or nothing, or only the valid rows.")
	}
	if err := j.start(s.store, haki.UserFromContext(r.Context()), s.now(), mode); err != nil {
		return err
	}
	return s.redirect(w, r, "/imports/"+j.ID+"#status", "")
}

// importCancel stops a running import; nothing of it is written.
func (s *Server) importCancel(w http.ResponseWriter, r *http.Request) error {
	j, err := s.imports.find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	j.stop()
	return s.redirect(w, r, "/imports/"+j.ID+"#status", "")
}

// importStatus is what the status fragment shows of a job's run.
type importStatus struct {
	Page
	ID       string
	State    string
	Mode     string
	Rows     int64
	Report   *importer.Report
	Rejected []importer.Issue // the first rejected rows' problems
	Notes    int
	Err      string
}

func (s *Server) importStatusOf(p Page, j *importJob) importStatus {
	j.mu.Lock()
	defer j.mu.Unlock()
	st := importStatus{Page: p, ID: j.ID, State: j.State, Mode: j.Mode, Rows: j.rows.Load(), Report: j.Report, Err: j.Err}
	if j.Report != nil {
		st.Rows = int64(j.Report.Rows)
		for _, i := range j.Report.Issues {
			if !i.Warning && len(st.Rejected) < 20 {
				st.Rejected = append(st.Rejected, i)
			}
		}
	}
	return st
}

// importStatusFragment answers the page's polling while a run goes on.
func (s *Server) importStatusFragment(w http.ResponseWriter, r *http.Request) error {
	j, err := s.imports.find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.renderFragment(w, http.StatusOK, "import_status", s.importStatusOf(s.page(w, r, "import.map.title"), j))
}

// importRejected sends the rejected rows of the last run as CSV: each row
// as it was, with the reason in a last column.
func (s *Server) importRejected(w http.ResponseWriter, r *http.Request) error {
	j, err := s.imports.find(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	j.mu.Lock()
	rep := j.Report
	j.mu.Unlock()
	if rep == nil || len(rep.Reasons) == 0 {
		return haki.Errorf(haki.ENOTFOUND, "No rows were rejected.")
	}
	t, err := importer.Open(bytes.NewReader(j.data))
	if err != nil {
		return err
	}
	defer t.Close()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="rejected-rows.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	return importer.WriteRejected(w, t, rep.Reasons)
}

// DomainMessage translates a message of the domain or the importer.
func (p Page) DomainMessage(msg string) string { return p.cat.Message(p.Lang, msg) }
