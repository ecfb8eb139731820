package api_test

import (
	"encoding/json"
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/haki-kenya/haki"
	"github.com/haki-kenya/haki/internal/api"
)

// goSource is what openapi.json takes from the Go source of the packages
// whose types the API reads and writes, so that the comments and checks
// there stay the one place a field is described.
type goSource struct {
	// docs holds each struct field's comment, by "pkg.Type.Field".
	docs map[string]string
	// maxLens holds the limits Validate methods state with checkLen, by
	// "pkg.Type.Field".
	maxLens map[string]maxLen
	// types holds the named types, by "pkg.Type".
	types map[string]bool
}

// maxLen is a checkLen(p, problem, recv.Field, max) call.
type maxLen struct {
	problem string // the field the problem is reported under
	max     int
}

var (
	sourceOnce sync.Once
	source     goSource
	sourceErr  error
)

// sourcePackages are the folders parsed, by the last element of their
// import path.
var sourcePackages = map[string]string{"haki": "../..", "api": ".", "store": "../store"}

// parsedSource parses the packages once per test binary.
func parsedSource(t *testing.T) goSource {
	t.Helper()
	sourceOnce.Do(func() {
		source = goSource{docs: map[string]string{}, maxLens: map[string]maxLen{}, types: map[string]bool{}}
		fset := token.NewFileSet()
		for pkg, dir := range sourcePackages {
			entries, err := os.ReadDir(dir)
			if err != nil {
				sourceErr = err
				return
			}
			for _, e := range entries {
				name := e.Name()
				if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
					continue
				}
				f, err := parser.ParseFile(fset, filepath.Join(dir, name), nil, parser.ParseComments)
				if err != nil {
					sourceErr = err
					return
				}
				source.collect(pkg, f)
			}
		}
	})
	if sourceErr != nil {
		t.Fatal(sourceErr)
	}
	return source
}

func (src goSource) collect(pkg string, f *ast.File) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				ts, ok := spec.(*ast.TypeSpec)
				if !ok {
					continue
				}
				src.types[pkg+"."+ts.Name.Name] = true
				st, ok := ts.Type.(*ast.StructType)
				if !ok {
					continue
				}
				for _, field := range st.Fields.List {
					text := commentText(field.Doc) + " " + commentText(field.Comment)
					text = strings.TrimSpace(text)
					for _, name := range field.Names {
						if text != "" {
							src.docs[pkg+"."+ts.Name.Name+"."+name.Name] = text
						}
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) != 1 || len(d.Recv.List[0].Names) != 1 || d.Body == nil {
				continue
			}
			recv := d.Recv.List[0].Names[0].Name
			typ := d.Recv.List[0].Type
			if star, ok := typ.(*ast.StarExpr); ok {
				typ = star.X
			}
			ident, ok := typ.(*ast.Ident)
			if !ok {
				continue
			}
			ast.Inspect(d.Body, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) != 4 {
					return true
				}
				if fn, ok := call.Fun.(*ast.Ident); !ok || fn.Name != "checkLen" {
					return true
				}
				problem, ok1 := call.Args[1].(*ast.BasicLit)
				sel, ok2 := call.Args[2].(*ast.SelectorExpr)
				limit, ok3 := call.Args[3].(*ast.BasicLit)
				if !ok1 || !ok2 || !ok3 {
					return true
				}
				if x, ok := sel.X.(*ast.Ident); !ok || x.Name != recv {
					return true
				}
				p, err1 := strconv.Unquote(problem.Value)
				max, err2 := strconv.Atoi(limit.Value)
				if err1 == nil && err2 == nil {
					src.maxLens[pkg+"."+ident.Name+"."+sel.Sel.Name] = maxLen{problem: p, max: max}
				}
				return true
			})
		}
	}
}

// commentText is a comment group as one line.
func commentText(g *ast.CommentGroup) string {
	if g == nil {
		return ""
	}
	return strings.Join(strings.Fields(g.Text()), " ")
}

// fieldKey names a struct field of t as goSource keys it: "pkg.Type.Field".
func fieldKey(t reflect.Type, f reflect.StructField) string {
	owner := t
	if len(f.Index) > 1 {
		owner = t.FieldByIndex(f.Index[:len(f.Index)-1]).Type
		if owner.Kind() == reflect.Pointer {
			owner = owner.Elem()
		}
	}
	pkg := owner.PkgPath()
	return pkg[strings.LastIndex(pkg, "/")+1:] + "." + owner.Name() + "." + f.Name
}

var vocabComment = regexp.MustCompile(`vocabulary "(\w+)"`)

// vocabOf is the vocabulary a field's comment says codes it, or "".
func vocabOf(doc string) string {
	if m := vocabComment.FindStringSubmatch(doc); m != nil && slices.Contains(haki.Vocabularies, m[1]) {
		return m[1]
	}
	return ""
}

// seedCodes are the codes a vocabulary is seeded with.
func seedCodes(vocab string) []string {
	var codes []string
	for _, term := range haki.SeedTerms {
		if term.Vocab == vocab {
			codes = append(codes, term.Code)
		}
	}
	return codes
}

// validateTime is the instant zero values are validated at.
var validateTime = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// validator finds the domain type whose Validate checks a value of t: t
// itself or a struct it embeds. It returns a pointer to a fresh zero value
// of that type, or nil.
func validator(t reflect.Type) reflect.Value {
	if hasValidate(t) {
		return reflect.New(t)
	}
	for i := range t.NumField() {
		if f := t.Field(i); f.Anonymous && f.Type.Kind() == reflect.Struct && hasValidate(f.Type) {
			return reflect.New(f.Type)
		}
	}
	return reflect.Value{}
}

func hasValidate(t reflect.Type) bool {
	_, ok := reflect.PointerTo(t).MethodByName("Validate")
	return ok
}

// validateProblems normalises and validates v (a pointer), the arguments
// of Validate zero but for an instant, validateTime; it returns the
// problems by field.
func validateProblems(v reflect.Value) map[string]string {
	if m := v.MethodByName("Normalize"); m.IsValid() && m.Type().NumIn() == 0 {
		m.Call(nil)
	}
	return validateOnly(v)
}

// validateOnly is validateProblems without Normalize.
func validateOnly(v reflect.Value) map[string]string {
	m := v.MethodByName("Validate")
	args := make([]reflect.Value, m.Type().NumIn())
	for i := range args {
		if in := m.Type().In(i); in == reflect.TypeFor[time.Time]() {
			args[i] = reflect.ValueOf(validateTime)
		} else {
			args[i] = reflect.Zero(in)
		}
	}
	err, _ := m.Call(args)[0].Interface().(error)
	if err == nil {
		return nil
	}
	var herr *haki.Error
	if !errors.As(err, &herr) {
		return map[string]string{"": err.Error()}
	}
	return herr.Fields
}

// TestOpenAPILimitsMatchValidate checks every maxLength openapi.json takes
// from a checkLen call: a value of that many characters passes the check,
// one more is refused under the field the call names.
func TestOpenAPILimitsMatchValidate(t *testing.T) {
	src := parsedSource(t)
	checked := 0
	for _, o := range ops {
		if o.body == nil {
			continue
		}
		walkStructs(reflect.TypeOf(o.body), map[reflect.Type]bool{}, func(st reflect.Type) {
			if !hasValidate(st) {
				return
			}
			for i := range st.NumField() {
				f := st.Field(i)
				ml, ok := src.maxLens[fieldKey(st, f)]
				if !ok || f.Type.Kind() != reflect.String {
					continue
				}
				at := func(n int) string {
					v := reflect.New(st)
					v.Elem().Field(i).SetString(filler(f.Name, n))
					return validateOnly(v)[ml.problem]
				}
				if over, max := at(ml.max+1), at(ml.max); over == "" || over == max {
					t.Errorf("%s.%s: %d characters give %q, %d give %q; want the limit refused only over it",
						st, f.Name, ml.max, max, ml.max+1, over)
				}
				checked++
			}
		})
	}
	if checked < 20 {
		t.Errorf("only %d limits checked", checked)
	}
}

// walkStructs calls fn for t and every struct type its fields hold.
func walkStructs(t reflect.Type, seen map[reflect.Type]bool, fn func(reflect.Type)) {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] {
		return
	}
	seen[t] = true
	fn(t)
	for i := range t.NumField() {
		walkStructs(t.Field(i).Type, seen, fn)
	}
}

// filler is a text of n characters that passes a field's other checks.
func filler(field string, n int) string {
	if field == "URL" {
		return "https://example.org/" + strings.Repeat("a", n-len("https://example.org/"))
	}
	return strings.Repeat("a", n)
}

// TestOpenAPIVocabulariesCovered checks that every controlled vocabulary
// codes some field of openapi.json, described as such with its seed codes
// as examples and no enum (an administrator may add codes): a vocabulary
// whose fields lost their `vocabulary "X"` comment is noticed.
func TestOpenAPIVocabulariesCovered(t *testing.T) {
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(api.OpenAPI(), &doc); err != nil {
		t.Fatal(err)
	}
	coded := map[string]int{}
	for name, schema := range doc.Components.Schemas {
		for field, prop := range schema.Properties {
			desc, _ := prop["description"].(string)
			m := regexp.MustCompile(`^A code of the vocabulary (\w+) `).FindStringSubmatch(desc)
			if m == nil {
				continue
			}
			coded[m[1]]++
			codes := prop
			if items, ok := prop["items"].(map[string]any); ok {
				codes = items
			}
			if codes["enum"] != nil || len(codes["examples"].([]any)) != len(seedCodes(m[1])) {
				t.Errorf("%s.%s: a vocabulary's field has its seed codes as examples and no enum: %v", name, field, prop)
			}
		}
	}
	for _, vocab := range haki.Vocabularies {
		if coded[vocab] == 0 {
			t.Errorf("no field of openapi.json is coded by the vocabulary %s", vocab)
		}
	}
}

// TestOpenAPIRangesMatchValidate checks numericRanges: each bound passes
// Validate and one past it is refused under the field's JSON name.
func TestOpenAPIRangesMatchValidate(t *testing.T) {
	found := map[string]bool{}
	for _, o := range ops {
		if o.body == nil {
			continue
		}
		walkStructs(reflect.TypeOf(o.body), map[reflect.Type]bool{}, func(st reflect.Type) {
			for i := range st.NumField() {
				f := st.Field(i)
				key := fieldKey(st, f)
				r, ok := numericRanges[key]
				if !ok || found[key] {
					continue
				}
				found[key] = true
				name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
				set := func(fv reflect.Value, x float64) {
					if fv.Kind() == reflect.Pointer {
						fv.Set(reflect.New(fv.Type().Elem()))
						fv = fv.Elem()
					}
					if fv.CanFloat() {
						fv.SetFloat(x)
					} else {
						fv.SetInt(int64(x))
					}
				}
				at := func(x float64) string {
					v := reflect.New(st)
					// The other bounded fields at their least (latitude
					// goes with longitude).
					for j := range st.NumField() {
						if r, ok := numericRanges[fieldKey(st, st.Field(j))]; ok {
							set(v.Elem().Field(j), r[0])
						}
					}
					set(v.Elem().Field(i), x)
					return validateOnly(v)[name]
				}
				for _, x := range r {
					if p := at(x); p != "" {
						t.Errorf("%s = %v is refused: %s", key, x, p)
					}
				}
				if at(r[0]-1) == "" || at(r[1]+1) == "" {
					t.Errorf("%s: %v or %v is not refused", key, r[0]-1, r[1]+1)
				}
			}
		})
	}
	for key := range numericRanges {
		if !found[key] {
			t.Errorf("numericRanges names %s, which no request body holds", key)
		}
	}
}
